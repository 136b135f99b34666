import dev.runbook.model.Severity
import dev.runbook.testing.RunbookSpecification

class EmergencyRollbackSpec extends RunbookSpecification {
    static final Map PARAMS = [service: 'api', deployment: 'api', namespace: 'shop']

    def setup() {
        load 'emergency-rollback.groovy'
        approver 'lena', role: 'lead'
        k8s.on('deployment.history') {
            [[revision: 2, images: ['shop/api:v1.2.3'], changeCause: 'v1.2.3', current: false],
             [revision: 3, images: ['shop/api:v1.2.4'], changeCause: 'v1.2.4', current: true]]
        }
        k8s.on('deployment.status') { [desired: 3, updated: 3, ready: 3, done: true, message: 'successfully rolled out'] }
        k8s.on('deployment.undo') { [fromRevision: 3, toRevision: 2, skipped: false] }
    }

    /** The journal of the included k8s/rollout-undo run, in its own folder inside this run's. */
    private static List rollbackJournal(result) {
        def started = result.events('include.started').find { it.data().runbook == 'k8s-rollout-undo' }
        dev.runbook.journal.JournalReader.read(result.result.runDir().resolve(started.data().dir as String))
    }

    def "metrics over the thresholds trigger an announced rollback, and the team hears it worked"() {
        when:
        def result = run(PARAMS + [errorRate: '0.12', p95Ms: '900'])

        then:
        result.succeeded
        result.statuses == ['Triage': 'ok', 'Decide': 'ok', 'Announce the rollback': 'ok', 'Roll back': 'ok', 'Report the result': 'ok']
        result.step('Decide').value == 'P1'
        called "k8s.deployment(ns: 'shop', 'api').undo()"
        rollbackJournal(result).find { it.type() == 'approval.granted' }.data().by == 'lena'   // asked inside the sub-run
        notified slack: '#incidents', text: ~/^api: triaged P1/
        notified slack: '#incidents', text: ~/P1 on api: automatic rollback of shop\/api starts/
        notified slack: '#incidents', text: 'api: shop/api rolled back automatically (P1) and healthy'
    }

    def "a P0 run started by an alert needs no approver: the approval is waived and recorded"() {
        given:
        severity = Severity.P0
        people.approvers.clear()

        when:
        def result = run(PARAMS + [errorRate: '0.4', p95Ms: '300'])

        then:
        result.succeeded
        result.step('Decide').value == 'P0'
        called ~/undo/
        result.events('include.started').size() == 2
    }

    def "metrics below the thresholds roll nothing back and post the triage's action"() {
        when:
        def result = run(PARAMS + [errorRate: '0.02', p95Ms: '400'])

        then:
        result.succeeded
        result.statuses['Announce the rollback'] == 'skipped'
        result.statuses['Roll back'] == 'skipped'
        notCalled ~/undo|history/
        result.approvalsAsked == []
        notified ~/Action: Investigate for up to 15 minutes/
        notified 'api: triaged P2, no automatic rollback — follow the triage\'s action'
    }

    def "a triage that cannot read the metrics stops everything and pages a human"() {
        given:
        http.get({ it.contains('/api/v1/query') }) >> [status: 503]

        when:
        def result = run(PARAMS + [prometheusUrl: 'http://prometheus.local:9090', errorRateQuery: 'x', p95Query: 'y'])

        then:
        result.failed
        result.failedStep == 'Triage'
        notCalled ~/undo/
        notified slack: ~/api: the emergency rollback FAILED at 'Triage'.*a human takes over now/
        notifications.any { it.kind == 'pagerduty' && it.text.contains('take over') }
    }

    def "a rollback that fails is reported as the automatic rollback failing, after its own handlers ran"() {
        given:
        k8s.fail('deployment.undo', 'k8s: undo of deployment/api in shop failed: Forbidden')

        when:
        def result = run(PARAMS + [errorRate: '0.12', p95Ms: '900'])

        then:
        result.failed
        result.failedStep == 'Roll back'
        result.failure.contains("k8s-rollout-undo failed at 'Undo the rollout'")
        notified ~/rollback of shop\/api FAILED at 'Undo the rollout'/          // the included runbook's own onFailure
        notified ~/api: the automatic rollback FAILED at 'Roll back'/
        result.statuses['Report the result'] == 'pending'
    }

    def "an automated rollback whose rollout never finishes goes to the scale-to-zero fallback once SCALE-TO-ZERO is typed (--confirm in an unattended run)"() {
        given:
        operatorAnswers confirm: 'SCALE-TO-ZERO'
        k8s.on('deployment.status') { call ->
            if (call.step == 'Wait for the rollout') throw new IllegalStateException('not finished after 5m: 1 of 3 updated replicas ready')
            [desired: 3, updated: 3, ready: 3, done: true, message: 'successfully rolled out']
        }

        when:
        def result = run(PARAMS + [errorRate: '0.12', p95Ms: '900'])

        then:
        result.succeeded
        calls.of('k8s')*.text.findAll { it =~ /\.scale\(/ } == ["k8s.deployment(ns: 'shop', 'api').scale(0)", "k8s.deployment(ns: 'shop', 'api').scale(3)"]
        rollbackJournal(result).find { it.type() == 'step.finished' && it.data().step == 'Scale to zero and back' }.data().status == 'ok'
    }

    def "a fallback that does not bring the pods back gives the deployment its replicas and hands over to a human"() {
        given:
        operatorAnswers confirm: 'SCALE-TO-ZERO'
        k8s.on('deployment.status') { call ->
            if (call.step in ['Wait for the rollout', 'Scale to zero and back'] && call.named.wait == java.time.Duration.ofMinutes(5)) {
                throw new IllegalStateException('not finished after 5m: 0 of 3 updated replicas ready')
            }
            [desired: 3, updated: 3, ready: 3, done: true, message: 'successfully rolled out']
        }

        when:
        def result = run(PARAMS + [errorRate: '0.12', p95Ms: '900'])

        then:
        result.failed
        calls.of('k8s')*.text.findAll { it =~ /\.scale\(/ }.last() == "k8s.deployment(ns: 'shop', 'api').scale(3)"
        notified ~/api: the automatic rollback FAILED at 'Roll back': k8s-rollout-undo failed at 'Scale to zero and back'/
    }

    def "an autoscaler that cannot be read fails the automated rollback, with the commands to restore it by hand"() {
        given:
        k8s.fail('hpa', 'k8s: hpa/api in shop: not found')

        when:
        def result = run(PARAMS + [errorRate: '0.12', p95Ms: '900', hpa: 'api'])

        then:
        result.failed
        rollbackJournal(result).any { it.type() == 'step.log' && it.data().text.contains('kubectl scale deployment api -n shop --replicas=N') }
        notified ~/api: the automatic rollback FAILED at 'Roll back': k8s-rollout-undo failed at 'Restore the autoscaler'/
    }
}
