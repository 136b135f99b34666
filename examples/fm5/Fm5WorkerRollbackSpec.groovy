import dev.runbook.testing.RunbookSpecification

import java.time.Duration
import java.time.Instant

/** worker-rollback.groovy: wrangler rollback, then the four success criteria as gates. */
class Fm5WorkerRollbackSpec extends RunbookSpecification {
    static final String METRICS = 'https://api.fm5.app/internal/metrics?window=5m'
    static final String CHECKOUT = 'https://api.fm5.app/internal/synthetic/checkout'

    def setup() {
        load 'worker-rollback.groovy'
        approver 'yuki', role: 'lead'
        wrangler.on('deployments') { [[versionId: 'c0ffee01-bad', createdOn: Instant.parse('2026-11-26T09:31:00Z'), author: 'ci@fm5.app', source: 'wrangler', message: 'v4.2.0'],
                                      [versionId: 'a1b2c3d4-good', createdOn: Instant.parse('2026-11-24T14:00:00Z'), author: 'ci@fm5.app', source: 'wrangler', message: 'v4.1.3']] }
        wrangler.on('rollback') { call -> [name: call.target, versionId: call.args[1]] }
        ['https://api.fm5.app/health', 'https://auth.fm5.app/health', 'https://fm5.app/health'].each { http.get(it) >> [status: 200] }
    }

    def "rolls the Worker back to the version before the deploy and holds it to every success criterion"() {
        given:
        http.get(METRICS) >> [json: [errorRate: 0.003, p95Ms: 210]]
        http.post(CHECKOUT) >> [status: 200, json: [ok: true]]

        when:
        def result = run(reason: 'INC-311 checkout 500s')

        then:
        result.succeeded
        called ~/wrangler.rollback\(message: 'rollback: INC-311 checkout 500s', 'fm5-api', 'a1b2c3d4-good'\)/
        result.gates == ['every service is healthy': true, '5xx under 1% for 10 minutes': true, 'p95 under 500 ms': true, 'checkout works end to end': true]
        clock.elapsed() >= Duration.ofMinutes(10)
        notified slack: ~/rolled back to a1b2c3d4-good \(from c0ffee01-bad\); all four success criteria hold/
    }

    def "an error rate that does not stay under 1% fails the run and says the rollback itself happened"() {
        given:
        http.get(METRICS) >> [json: [errorRate: 0.004, p95Ms: 200]] >>> [[json: [errorRate: 0.02, p95Ms: 200]], [json: [errorRate: 0.004, p95Ms: 200]]] * 20

        when:
        def result = run(reason: 'INC-311')

        then:
        result.failed
        result.failedStep == '5xx under 1% for 10 minutes'
        notified slack: ~/The rollback itself happened: the success criteria do not hold/
    }

    def "a checkout that still fails is a failed rollback"() {
        given:
        http.get(METRICS) >> [json: [errorRate: 0.001, p95Ms: 180]]
        http.post(CHECKOUT) >> [status: 500, json: [ok: false, error: 'stripe: invalid api key']]

        when:
        def result = run(reason: 'INC-311')

        then:
        result.failed
        result.failedStep == 'checkout works end to end'
    }

    def "a version that already serves is not rolled back to"() {
        when:
        def result = run(reason: 'INC-311', versionId: 'c0ffee01-bad')

        then:
        result.failed
        result.failedStep == 'Pick the version'
        notCalled ~/rollback\(/
        notified slack: ~/Nothing was changed/
    }
}
