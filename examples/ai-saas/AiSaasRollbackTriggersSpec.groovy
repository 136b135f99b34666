import dev.runbook.testing.RunbookSpecification

/** rollback-triggers.groovy: 5xx > 5%, p95 > 2 s or failing health checks mean roll back, and page. */
class AiSaasRollbackTriggersSpec extends RunbookSpecification {
    static Map prom(Object value) { [status: 200, json: [status: 'success', data: [resultType: 'vector', result: [[metric: [:], value: [1764150000, String.valueOf(value)]]]]]] }

    def setup() {
        load 'rollback-triggers.groovy'
    }

    /** Spock answers with the first matching interaction, so each feature says once what every endpoint answers. */
    void healthAnswers(Map<String, Integer> failing = [:]) {
        ['/health', '/health/db', '/health/llm'].each { path -> http.get("https://api.example-ai.com$path") >> [status: failing[path] ?: 200] }
    }

    def "with every signal under its threshold there is no rollback and nobody is paged"() {
        given:
        healthAnswers()
        http.get({ it.contains('http_requests_total') }) >> prom(0.012)
        http.get({ it.contains('http_request_duration_seconds_bucket') }) >> prom(0.84)

        when:
        def result = run()

        then:
        result.succeeded
        result.step('5xx error rate').value == 0.012
        result.step('p95 latency').value == 0.84
        notifications.isEmpty()
    }

    def "an error rate over 5% fails the check and pages with the number"() {
        given:
        healthAnswers()
        http.get({ it.contains('http_requests_total') }) >> prom(0.072)
        http.get({ it.contains('http_request_duration_seconds_bucket') }) >> prom(0.9)

        when:
        def result = run()

        then:
        result.failed
        result.exitCode == 1
        result.statuses['5xx error rate'] == 'failed continued'
        result.failedStep == 'Decide'
        notified slack: '#ai-incidents', text: ~/ROLL BACK: 5xx rate 7.20% is over 5%/
        notified pagerduty: ~/rollback trigger/
    }

    def "slow answers and a failing health check are both named"() {
        given:
        http.get({ it.contains('http_requests_total') }) >> prom(0.01)
        http.get({ it.contains('http_request_duration_seconds_bucket') }) >> prom(2.4)
        healthAnswers('/health/llm': 503)

        when:
        def result = run()

        then:
        result.failed
        notified slack: ~/p95 latency 2.40 s is over 2 s; health checks failing: \/health\/llm/
    }

    def "when Prometheus does not answer, a person looks at the dashboard instead of anyone guessing"() {
        given:
        healthAnswers()
        http.get({ it.contains('/api/v1/query') }) >> [status: 503, body: 'no healthy upstream']

        when:
        def result = run()

        then:
        result.succeeded
        result.step('5xx error rate').value == 'unknown'
        calls.of('manual').any { it.text.contains("open the Grafana dashboard 'AI API'") }
        notifications.isEmpty()
    }

    def "an operator who sees the numbers over the thresholds on the dashboard stops the run"() {
        given:
        healthAnswers()
        http.get({ it.contains('/api/v1/query') }) >> { throw new ConnectException('Connection refused') }
        operatorAnswers manual: false

        when:
        def result = run()

        then:
        result.aborted
    }
}
