import dev.runbook.testing.RunbookSpecification

import java.time.Instant

/** health-check-failures.groovy: probe all services, then each service's own remedy. */
class Fm5HealthCheckFailuresSpec extends RunbookSpecification {
    static final Map<String, String> URLS = [api: 'https://api.fm5.app/health', web: 'https://fm5.app/health', auth: 'https://auth.fm5.app/health',
                                             queue: 'https://api.fm5.app/internal/queue/health']

    /** The virtual clock starts at 2026-01-01T03:00:00Z: a deploy at 02:40 is "within the hour". */
    Instant lastDeploy = Instant.parse('2026-01-01T02:40:00Z')

    def setup() {
        load 'health-check-failures.groovy'
        approver 'yuki', role: 'lead'
        wrangler.on('deployments') { call -> [[versionId: "${call.args[0]}-new".toString(), createdOn: lastDeploy, author: 'ci@fm5.app'],
                                              [versionId: "${call.args[0]}-old".toString(), createdOn: Instant.parse('2025-12-20T10:00:00Z'), author: 'ci@fm5.app']] }
    }

    /** Spock answers with the first matching interaction: each feature says once what every endpoint answers. */
    void answers(Map<String, List> perService) {
        URLS.each { name, url -> http.get(url) >>> (perService[name] ?: [[status: 200]]) }
    }

    def "api failing after a deploy within the hour: that deploy is rolled back, with a lead's approval"() {
        given:
        answers(api: [[status: 500], [status: 200]])

        when:
        def result = run()

        then:
        result.succeeded
        result.step('Probe every service').value == 'api'
        called ~/wrangler.rollback\(message: 'health check failing after deploy', 'fm5-api', 'fm5-api-old'\)/
        result.approvedBy == ['yuki']
        result.statuses['web: roll back in the Pages dashboard'] == 'skipped'
    }

    def "api failing without a recent deploy: a person reads the errors, nothing is rolled back"() {
        given:
        lastDeploy = Instant.parse('2025-12-31T12:00:00Z')
        answers(api: [[status: 500], [status: 200]])

        when:
        def result = run()

        then:
        result.succeeded
        notCalled ~/rollback/
        calls.of('manual').any { it.text.contains('wrangler tail fm5-api') }
    }

    def "web failing: the Pages rollback is a person's job, the run waits for the check to pass"() {
        given:
        answers(web: [[status: 522], [status: 522], [status: 200]])

        when:
        def result = run()

        then:
        result.succeeded
        calls.of('manual').any { it.text.contains('Rollback to this deployment') }
        notCalled ~/wrangler/
    }

    def "auth failing: the provider's status is posted and nothing of ours is touched"() {
        given:
        answers(auth: [[status: 503]])
        http.get('https://status.clerk.com/api/v2/status.json') >> [json: [status: [indicator: 'major', description: 'Partial System Outage']]]

        when:
        def result = run()

        then:
        result.succeeded
        notified slack: ~/Clerk reports: Partial System Outage. Nothing of ours to roll back/
        notCalled ~/wrangler/
    }

    def "queue failing: the consumer is redeployed and the backlog must drain"() {
        given:
        answers(queue: [[status: 503, json: [backlog: 5400]], [status: 200, json: [backlog: 2100]], [status: 200, json: [backlog: 40]]])

        when:
        def result = run()

        then:
        result.succeeded
        called ~/wrangler.rollback\(message: 'restart the stuck queue consumer', 'fm5-jobs', 'fm5-jobs-new'\)/
        result.gates['queue backlog draining']
    }

    def "a service that does not recover fails the run after ten minutes"() {
        given:
        answers(web: [[status: 522]])
        operatorAnswers manual: true

        when:
        def result = run()

        then:
        result.failed
        result.failedStep == 'every health check passes'
        notified slack: ~/FAILED at 'every health check passes'/
    }
}
