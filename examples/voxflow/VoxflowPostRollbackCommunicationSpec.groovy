import dev.runbook.testing.RunbookSpecification

/** post-rollback-communication.groovy: internal update, status page, customers, page resolved, post-mortem. */
class VoxflowPostRollbackCommunicationSpec extends RunbookSpecification {
    static final String INCIDENT = 'https://api.statuspage.io/v1/pages/voxflow/incidents/k7x2'
    static final Map PARAMS = [release: 'v5.13.0', rolledBackTo: 'v5.12.3', impact: 'uploads failed for 18 minutes', started: '09:40', ended: '09:58']

    def setup() {
        load 'post-rollback-communication.groovy'
        env.STATUSPAGE_TOKEN = 'sp-secret-token'
    }

    def "posts the internal update, resolves the status page incident, asks for the e-mail and the post-mortem, resolves the page"() {
        given:
        1 * http.patch(INCIDENT) >> [status: 200]

        when:
        def result = run(PARAMS + [statuspageIncident: 'k7x2'])

        then:
        result.succeeded
        notified slack: '#voxflow-incidents', text: ~/Rolled back v5.13.0 → v5.12.3. Impact: uploads failed for 18 minutes \(09:40–09:58 UTC\)/
        calls.of('manual').size() == 2
        notified pagerduty: 'resolve'
    }

    def "without a status page incident that step is skipped"() {
        when:
        def result = run(PARAMS)

        then:
        result.succeeded
        result.statuses['Status page: resolved'] == 'skipped'
    }

    def "a status page that keeps refusing is tried three times, then the rest is left to a person"() {
        given:
        3 * http.patch(INCIDENT) >> [status: 401, body: 'invalid token']

        when:
        def result = run(PARAMS + [statuspageIncident: 'k7x2'])

        then:
        result.failed
        result.step('Status page: resolved').attempts == 3
        result.handlers == ['onFailure']
        !notifications.any { it.kind == 'pagerduty' }
    }
}
