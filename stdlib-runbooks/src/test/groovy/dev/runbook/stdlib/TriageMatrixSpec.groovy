package dev.runbook.stdlib

import dev.runbook.model.Severity
import spock.lang.Specification

import java.time.Duration

class TriageMatrixSpec extends Specification {

    def "the worst signal decides the severity: #errorRate errors, p95 #p95 ms, #outageMin minutes → #severity"() {
        when:
        def verdict = Triage.classify(errorRate, p95, Duration.ofMinutes(outageMin))

        then:
        verdict.severity() == severity
        verdict.rollback() == (severity in [Severity.P0, Severity.P1])

        where:
        errorRate | p95  | outageMin || severity
        0.30      | 200  | 0         || Severity.P0
        0.02      | 300  | 15        || Severity.P0
        0.25      | 0    | 0         || Severity.P0
        0.05      | 300  | 0         || Severity.P1
        0.001     | 2000 | 0         || Severity.P1
        0.001     | 300  | 5         || Severity.P1
        0.0499    | 1999 | 4         || Severity.P2
        0.01      | 100  | 0         || Severity.P2
        0.0       | 1000 | 0         || Severity.P2
        0.0       | 100  | 1         || Severity.P2
        0.009     | 999  | 0         || Severity.P3
    }

    def "a verdict gives the action and every rule that fired"() {
        when:
        def verdict = Triage.classify(errorRate: 0.07, p95Ms: 2400, outage: Duration.ofMinutes(12))

        then:
        verdict.severity() == Severity.P1
        verdict.action() == "Roll back now, with a lead's approval"
        verdict.reasons() == ['error rate 7.0% ≥ 5.0%', 'p95 2400 ms ≥ 2000 ms', 'affected for 12m ≥ 5m']
    }

    def "signals left out count as no signal, and a quiet service only needs watching"() {
        when:
        def verdict = Triage.classify(p95Ms: 250)

        then:
        verdict.severity() == Severity.P3
        verdict.action().startsWith('Monitor')
        !verdict.rollback()
    }

    def "a team's own thresholds replace the defaults"() {
        given:
        def strict = new Triage.Thresholds(0.10, Duration.ofMinutes(5), 0.02, 800, Duration.ofMinutes(2), 0.005, 400)

        expect:
        Triage.classify(errorRate: 0.03, thresholds: strict).severity() == Severity.P1
        Triage.classify(errorRate: 0.03).severity() == Severity.P2
    }

    def "an error rate given as a percentage instead of a fraction is refused, saying which it expects"() {
        when:
        Triage.classify(errorRate: 7)

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains('a fraction between 0 and 1 (0.05 is 5%), not 7.0')
    }

    def "a misspelt signal is refused with the names it knows"() {
        when:
        Triage.classify(errorrate: 0.1)

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains("unknown signal 'errorrate' — known: errorRate, p95Ms, outage, thresholds")
    }
}
