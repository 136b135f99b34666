import dev.runbook.testing.RunbookSpecification

/** emergency-rollback.groovy: automated on thresholds, or manual behind EMERGENCY; P0, approval waived. */
class VoxflowEmergencyRollbackSpec extends RunbookSpecification {
    static final String METRICS = 'https://api.voxflow.io/internal/metrics/summary?window=3m'
    static final String HEALTH = 'https://api.voxflow.io/health'

    def setup() {
        load 'emergency-rollback.groovy'
        k8s.on('deployment.undo') { [fromRevision: 18, toRevision: 17, images: ['ghcr.io/voxflow/api:v5.12.3']] }
        k8s.on('deployment.status') { [done: true] }
    }

    def "automated: with the numbers under the thresholds nothing is rolled back and nobody is paged"() {
        given:
        http.get(METRICS) >> [json: [errorRate: 0.004, p95Ms: 620]]

        when:
        def result = run(mode: 'automated')

        then:
        result.succeeded
        notCalled ~/undo/
        notifications.isEmpty()
        result.statuses['Roll the api back'] == 'skipped'
    }

    def "automated: over the threshold it pages, rolls back without waiting for approval, and resolves the page"() {
        given:
        http.get(METRICS) >> [json: [errorRate: 0.14, p95Ms: 900]]
        http.get(HEALTH) >> [status: 200]

        when:
        def result = run(mode: 'automated')

        then:
        result.succeeded
        result.approvalsWaived == ['approval P0 in Roll the api back']
        called ~/k8s.deployment\(ns: 'voxflow', 'api'\).undo\(\)/
        notified pagerduty: ~/emergency rollback started \(5xx 14/
        notified slack: ~/Emergency rollback done: api revision 18 → 17/
        notified pagerduty: 'resolve'
        notified slack: ~/approval waived \(P0\), notify after/
    }

    def "manual: the operator types EMERGENCY and the same rollback runs"() {
        given:
        operatorAnswers confirm: 'EMERGENCY'
        http.get(HEALTH) >> [status: 200]

        when:
        def result = run(mode: 'manual')

        then:
        result.succeeded
        requests.every { !it.contains('metrics') }
        notified slack: ~/EMERGENCY ROLLBACK of the api started \(manual, by oncall\)/
        called ~/undo\(\)/
    }

    def "manual: without the word nothing happens"() {
        when:
        def result = run(mode: 'manual')

        then:
        result.aborted
        notCalled ~/undo/
    }

    def "a rollback that fails pages again and says to escalate"() {
        given:
        http.get(METRICS) >> [json: [errorRate: 0.02, p95Ms: 4100]]
        k8s.fail('deployment.undo', 'deployment voxflow/api: no previous revision to roll back to')

        when:
        def result = run(mode: 'automated')

        then:
        result.failed
        notified slack: ~/EMERGENCY ROLLBACK FAILED at 'Roll the api back': .*no previous revision.*Escalate/
        notified pagerduty: ~/FAILED at Roll the api back/
    }
}
