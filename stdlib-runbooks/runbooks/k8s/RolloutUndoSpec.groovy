import dev.runbook.model.Severity
import dev.runbook.testing.RunbookSpecification

class RolloutUndoSpec extends RunbookSpecification {
    static final List<Map> HISTORY = [
            [revision: 1, images: ['shop/api:v1.2.2'], changeCause: 'v1.2.2', current: false],
            [revision: 2, images: ['shop/api:v1.2.3'], changeCause: 'v1.2.3', current: false],
            [revision: 3, images: ['shop/api:v1.2.4'], changeCause: 'v1.2.4', current: true]]
    static final Map READY = [desired: 3, updated: 3, ready: 3, available: 3, done: true, stalled: false,
                              message: 'deployment "api" successfully rolled out']

    def setup() {
        load 'rollout-undo.groovy'
        approver 'lena', role: 'lead'
        k8s.on('deployment.history') { HISTORY }
        k8s.on('deployment.status') { READY }
        k8s.on('deployment.undo') { call -> [fromRevision: 3, toRevision: call.named.toRevision ?: 2, skipped: false] }
    }

    /** The rollout after the undo never finishes; every other status read (and the fallback's waits) says ready. */
    private void rolloutStalls() {
        k8s.on('deployment.status') { call ->
            if (call.step == 'Wait for the rollout') {
                throw new IllegalStateException('not finished after 5m: 1 of 3 updated replicas ready (desired 3, updated 3, ready 1, available 1)')
            }
            READY
        }
    }

    def "undoes the last rollout after a lead approves, waits for it and tells the team"() {
        when:
        def result = run(deployment: 'api', namespace: 'shop')

        then:
        result.succeeded
        result.statuses == ['Read the rollout history': 'ok', 'Record the replicas': 'ok', 'approval P1': 'ok',
                            'Undo the rollout': 'ok', 'Wait for the rollout': 'ok', 'Scale to zero and back': 'skipped',
                            'Restore the autoscaler': 'skipped', 'gate health': 'ok',
                            'Check the error-rate and latency dashboards of the service: back to their level before the bad rollout': 'ok',
                            'Tell the team': 'ok']
        called "k8s.deployment(ns: 'shop', 'api').undo()"
        called "k8s.deployment(ns: 'shop', 'api').status(wait: 5m)"
        notCalled ~/scale/
        result.approvedBy == ['lena']
        result.handlers == []
        notified slack: '#incidents', text: 'shop/api rolled back to revision 2: healthy'
    }

    def "rolls back to the revision asked for"() {
        when:
        def result = run(deployment: 'api', namespace: 'shop', toRevision: 1)

        then:
        result.succeeded
        called "k8s.deployment(ns: 'shop', 'api').undo(toRevision: 1)"
        notified ~/rolled back to revision 1/
    }

    def "refuses a revision that is not in the history, before asking anyone or changing anything"() {
        when:
        def result = run(deployment: 'api', namespace: 'shop', toRevision: 7)

        then:
        result.failed
        result.failedStep == 'Read the rollout history'
        result.failure.contains('revision 7 is not in the history of api (revisions: 1, 2, 3)')
        result.approvalsAsked == []
        notCalled ~/undo/
        result.handlers == ['onFailure']
        notified slack: ~/FAILED at 'Read the rollout history'.*no undo was applied: the deployment runs what it ran before/
    }

    def "refuses to undo to the revision that already runs"() {
        when:
        def result = run(deployment: 'api', namespace: 'shop', toRevision: 3)

        then:
        result.failed
        result.failure.contains('already runs revision 3')
        notCalled ~/undo/
    }

    def "a deployment with a single revision has nothing to undo to"() {
        given:
        k8s.on('deployment.history') { [HISTORY[2]] }

        when:
        def result = run(deployment: 'api')

        then:
        result.failed
        result.failure.contains('default/api has 1 revision(s): there is no earlier one to undo to')
        notCalled ~/undo/
    }

    def "when the undo itself fails, the run says which revision the deployment still runs"() {
        given:
        k8s.fail('deployment.undo', 'k8s: undo of deployment/api in shop failed: Forbidden')

        when:
        def result = run(deployment: 'api', namespace: 'shop')

        then:
        result.failed
        result.failedStep == 'Undo the rollout'
        result.handlers == ["onFailure of 'Undo the rollout'", 'onFailure']
        result.logs.any { it.contains('runs revision 3 (it ran 3 before)') }
        notified slack: ~/FAILED at 'Undo the rollout'.*Forbidden.*no undo was applied/
    }

    def "a rollout that does not finish is restarted from zero once the operator types SCALE-TO-ZERO"() {
        given:
        rolloutStalls()
        operatorAnswers confirm: 'SCALE-TO-ZERO'

        when:
        def result = run(deployment: 'api', namespace: 'shop')

        then:
        result.succeeded
        result.statuses['Wait for the rollout'] == 'failed continued'
        result.statuses['Scale to zero and back'] == 'ok'
        calls.of('k8s')*.text.findAll { it =~ /\.scale\(/ } == ["k8s.deployment(ns: 'shop', 'api').scale(0)", "k8s.deployment(ns: 'shop', 'api').scale(3)"]
        notified ~/rolled back to revision 2 \(after a scale to zero and back\): healthy/
    }

    def "without the confirmation word the deployment is never scaled to zero and the run stops"() {
        given:
        rolloutStalls()

        when:
        def result = run(deployment: 'api', namespace: 'shop')

        then:
        result.aborted
        result.exitCode == 3
        notCalled ~/scale\(0\)/
        result.handlers == ["onFailure of 'Scale to zero and back'", 'onFailure']
        notified slack: ~/FAILED at 'Scale to zero and back'.*the undo to revision 2 was applied/
    }

    def "when the pods do not come back after the scale to zero, the deployment is given its replicas back"() {
        given:
        k8s.on('deployment.status') { call ->
            if (call.step in ['Wait for the rollout', 'Scale to zero and back'] && call.named.wait == java.time.Duration.ofMinutes(5)) {
                throw new IllegalStateException('not finished after 5m: 0 of 3 updated replicas ready')
            }
            READY
        }
        operatorAnswers confirm: 'SCALE-TO-ZERO'

        when:
        def result = run(deployment: 'api', namespace: 'shop')

        then:
        result.failed
        result.failedStep == 'Scale to zero and back'
        calls.of('k8s')*.text.findAll { it =~ /\.scale\(/ } == ["k8s.deployment(ns: 'shop', 'api').scale(0)", "k8s.deployment(ns: 'shop', 'api').scale(3)",
                                                      "k8s.deployment(ns: 'shop', 'api').scale(3)"]
        result.handlers == ["onFailure of 'Scale to zero and back'", 'onFailure']
        notified ~/FAILED at 'Scale to zero and back'.*0 of 3 updated replicas ready/
    }

    def "an autoscaler left below its minimum after the scale to zero gets its replicas back"() {
        given:
        rolloutStalls()
        operatorAnswers confirm: 'SCALE-TO-ZERO'
        k8s.on('hpa') { [name: 'api', minReplicas: 4, maxReplicas: 10, currentReplicas: 0] }

        when:
        def result = run(deployment: 'api', namespace: 'shop', hpa: 'api')

        then:
        result.succeeded
        result.statuses['Restore the autoscaler'] == 'ok'
        result.step('Restore the autoscaler').value == 4
        called "k8s.hpa(ns: 'shop', 'api')"
        calls.of('k8s')*.text.findAll { it =~ /\.scale\(/ }.last() == "k8s.deployment(ns: 'shop', 'api').scale(4)"
    }

    def "an active autoscaler is left alone"() {
        given:
        k8s.on('hpa') { [name: 'api', minReplicas: 2, maxReplicas: 10, currentReplicas: 3] }

        when:
        def result = run(deployment: 'api', namespace: 'shop', hpa: 'api')

        then:
        result.succeeded
        result.step('Restore the autoscaler').value == 3
        notCalled ~/scale/
    }

    def "when the autoscaler cannot be read, the run tells the operator how to restore it by hand"() {
        given:
        k8s.fail('hpa', "k8s: hpa/api in shop: not found")

        when:
        def result = run(deployment: 'api', namespace: 'shop', hpa: 'api')

        then:
        result.failed
        result.failedStep == 'Restore the autoscaler'
        result.handlers == ["onFailure of 'Restore the autoscaler'", 'onFailure']
        result.logs.any { it.contains('kubectl scale deployment api -n shop --replicas=N') }
    }

    def "a service that stays unhealthy after the undo fails the health gate and the team hears the undo was applied"() {
        given:
        http.get('http://api.shop/health') >> [status: 503]

        when:
        def result = run(deployment: 'api', namespace: 'shop', healthUrl: 'http://api.shop/health')

        then:
        result.failed
        result.gates == ['gate health': false]
        notified slack: ~/FAILED at 'gate health'.*the undo to revision 2 was applied/
    }

    def "a P0 run does not wait for an approval, and the waiver is recorded"() {
        given:
        severity = Severity.P0
        people.approvers.clear()

        when:
        def result = run(deployment: 'api', namespace: 'shop')

        then:
        result.succeeded
        result.approvalsWaived == ['approval P1']
    }

    def "an operator who does not see the dashboards recover stops the run before the all-clear"() {
        given:
        operatorAnswers manual: false

        when:
        def result = run(deployment: 'api', namespace: 'shop')

        then:
        result.aborted
        notifications.every { !(it.text =~ /healthy/) }
    }
}
