import dev.runbook.testing.RunbookSpecification

/** A standard runbook, from the runbook-stdlib jar on the test class path, run against the faked k8s integration. */
class StandardRollbackSpec extends RunbookSpecification {
    def "the standard k8s rollout undo rolls the payments API back after a lead approves"() {
        given:
        stdlib 'k8s/rollout-undo'
        approver 'lena', role: 'lead'
        k8s.on('deployment.history') {
            [[revision: 6, images: ['payments/api:v41'], changeCause: 'v41', current: false],
             [revision: 7, images: ['payments/api:v42'], changeCause: 'v42', current: true]]
        }
        k8s.on('deployment.status') {
            [desired: 2, updated: 2, ready: 2, available: 2, done: true, stalled: false, message: 'deployment "api" successfully rolled out']
        }
        k8s.on('deployment.undo') { [fromRevision: 7, toRevision: 6, skipped: false] }

        when:
        def result = run(deployment: 'api', namespace: 'payments')

        then:
        runbook.source() == 'stdlib:k8s/rollout-undo.groovy'
        result.succeeded
        called "k8s.deployment(ns: 'payments', 'api').undo()"
        notified slack: '#incidents', text: ~/rolled back to revision 6/
    }
}
