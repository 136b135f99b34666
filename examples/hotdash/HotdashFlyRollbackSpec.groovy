import dev.runbook.model.Severity
import dev.runbook.testing.RunbookSpecification

/** fly-rollback.groovy: the release picked from Fly's history, the approver picked by the incident's severity. */
class HotdashFlyRollbackSpec extends RunbookSpecification {
    static final String HEALTH = 'https://hotdash.fly.dev/api/health'

    boolean machinesHealthy = true

    def setup() {
        load 'fly-rollback.groovy'
        approver 'alice', role: 'lead'
        approver 'dora', role: 'manager'
        fly.on('releases') { [[version: 214, status: 'complete', imageRef: 'registry.fly.io/hotdash:deployment-214', user: 'sam@hotdash.app', description: 'Deploy image', createdAt: '2024-03-01T10:00:00Z'],
                              [version: 213, status: 'failed', imageRef: 'registry.fly.io/hotdash:deployment-213', user: 'sam@hotdash.app', description: 'Deploy image', createdAt: '2024-02-28T16:20:00Z'],
                              [version: 212, status: 'complete', imageRef: 'registry.fly.io/hotdash:deployment-212', user: 'kim@hotdash.app', description: 'Deploy image', createdAt: '2024-02-27T09:05:00Z']] }
        fly.on('rollback') { call -> [app: call.target, version: call.args[1], image: "registry.fly.io/hotdash:deployment-${call.args[1]}".toString()] }
        fly.on('status') { [healthy: machinesHealthy, version: 215, machines: [[id: 'e28', region: 'ams', state: 'started', releaseVersion: 215, checksPassing: machinesHealthy ? 1 : 0]]] }
        http.get(HEALTH) >> [status: 200, json: [status: 'ok']]
    }

    def "a P1 rollback goes to the newest complete release before the current one, approved by a lead"() {
        given:
        severity = Severity.P1

        when:
        def result = run()

        then:
        result.succeeded
        result.step('Pick the release').value == 212      // v213 failed to deploy: never a rollback target
        called ~/fly.rollback\(strategy: 'rolling', 'hotdash', 212\)/
        result.approvedBy == ['alice']
        notified slack: ~/rolled back to v212 on Fly \(P1\)/
    }

    def "a P2 rollback needs a manager: the lead is not asked"() {
        given:
        severity = Severity.P2

        when:
        def result = run(version: 'v212')

        then:
        result.succeeded
        result.approvedBy == ['dora']
    }

    def "a P0 rollback starts at once: the approval is waived and the team is told"() {
        given:
        severity = Severity.P0

        when:
        def result = run()

        then:
        result.succeeded
        result.approvedBy == []
        result.approvalsWaived == ['approval P3']
        notified slack: ~/approval waived \(P0\)/
    }

    def "a release that is not in the history is refused before anyone is asked"() {
        when:
        def result = run(version: '150')

        then:
        result.failed
        result.failedStep == 'Pick the release'
        result.approvalsAsked == []
        notCalled ~/rollback/
        notified slack: ~/FAILED at 'Pick the release': no release 150/
    }

    def "a deploy that fails shows every machine's state"() {
        given:
        fly.fail('rollback', "rollback of app 'hotdash' to v212 failed: Error: timeout reached waiting for health checks to pass for machine e28")

        when:
        def result = run()

        then:
        result.failed
        result.handlers == ["onFailure of 'Redeploy the release'", 'onFailure']
        result.journal.any { it.type() == 'step.log' && it.data().text.contains('machine e28 ams: started, release v215') }
        notified slack: ~/timeout reached waiting for health checks/
    }

    def "machines that never pass their checks fail the rollback after five minutes"() {
        given:
        machinesHealthy = false

        when:
        def result = run()

        then:
        result.failed
        result.failedStep == 'every machine passes its checks'
        clock.elapsed() >= java.time.Duration.ofMinutes(5)
    }
}
