import dev.runbook.testing.RunbookSpecification

class TriageSpec extends RunbookSpecification {
    static final String PROM = 'http://prometheus.local:9090'
    static final Map QUERIES = [prometheusUrl: PROM, errorRateQuery: 'job:errors:ratio5m{job="api"}', p95Query: 'job:latency_seconds:p95{job="api"}']

    def setup() {
        load 'triage.groovy'
    }

    private static Map prom(String value) { [status: 200, json: [status: 'success', data: [result: [[metric: [job: 'api'], value: [1767236400, value]]]]]] }

    def "reads the signals from Prometheus, triages P1 and pages: roll back with a lead"() {
        given:
        http.get({ it.startsWith("$PROM/api/v1/query?query=job%3Aerrors") }) >> prom('0.07')
        http.get({ it.startsWith("$PROM/api/v1/query?query=job%3Alatency") }) >> prom('2.4')

        when:
        def result = run(QUERIES + [service: 'api'])

        then:
        result.succeeded
        result.step('Decide').value == 'P1'
        result.logs.contains("api: P1 — Roll back now, with a lead's approval")
        notified slack: '#incidents', text: "api: triaged P1 (error rate 7.0% ≥ 5.0%; p95 2400 ms ≥ 2000 ms). Action: Roll back now, with a lead's approval"
        notifications.find { it.kind == 'pagerduty' }.text.contains('api: P1 — roll back now')
        result.result.runDir().resolve('triage.txt').toFile().text.startsWith('P1: Roll back now')
    }

    def "signals given by hand and a long outage make it P0"() {
        when:
        def result = run(service: 'api', errorRate: '0.02', p95Ms: '400', incidentStart: '2026-01-01T02:40:00Z')

        then:
        result.succeeded
        result.step('Decide').value == 'P0'
        requests == []
        notified slack: ~/triaged P0 \(affected for 20m ≥ 15m\)/
        notifications.any { it.kind == 'pagerduty' }
    }

    def "a small latency rise is P2: investigate first, nobody is paged"() {
        when:
        def result = run(service: 'api', errorRate: '0.004', p95Ms: '1200')

        then:
        result.step('Decide').value == 'P2'
        notified ~/Action: Investigate for up to 15 minutes/
        notifications.every { it.kind != 'pagerduty' }
    }

    def "a quiet service is P3: monitor"() {
        when:
        def result = run(service: 'api', errorRate: '0', p95Ms: '180')

        then:
        result.step('Decide').value == 'P3'
        notified ~/triaged P3.*Action: Monitor; fix forward/
    }

    def "no requests in the window read as no errors instead of failing the triage"() {
        given:
        http.get({ it.contains('errors') }) >> prom('NaN')
        http.get({ it.contains('latency') }) >> prom('0.2')

        when:
        def result = run(QUERIES + [service: 'api'])

        then:
        result.step('Decide').value == 'P3'
    }

    def "a query Prometheus has no data for fails the triage and the team is told to decide by hand"() {
        given:
        http.get({ it.contains('errors') }) >> [status: 200, json: [status: 'success', data: [result: []]]]

        when:
        def result = run(QUERIES + [service: 'api'])

        then:
        result.failed
        result.step('Read the signals').attempts == 3
        result.failure.contains('Prometheus has no data for job:errors:ratio5m{job="api"} — check the query and the job name')
        notified ~/triage of api FAILED at 'Read the signals'.*decide by hand: ≥ 25% errors or ≥ 15 min P0/
    }

    def "without Prometheus or signals there is nothing to decide on"() {
        when:
        def result = run(service: 'api')

        then:
        result.failed
        result.failure.contains('give prometheusUrl (with the queries), or errorRate and p95Ms')
    }

    def "an incident start after the run began is refused"() {
        when:
        def result = run(service: 'api', errorRate: '0.1', p95Ms: '100', incidentStart: '2026-01-01T04:00:00Z')

        then:
        result.failed
        result.failedStep == 'Decide'
        result.failure.contains('is after the start of this run')
    }
}
