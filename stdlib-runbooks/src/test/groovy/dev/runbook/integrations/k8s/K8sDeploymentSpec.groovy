package dev.runbook.integrations.k8s

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.S3K8sTestContext
import io.fabric8.kubernetes.client.KubernetesClient
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration

class K8sDeploymentSpec extends Specification {
    @Shared KubernetesClient cluster = LocalKubernetes.client()
    String ns = LocalKubernetes.freshNamespace()
    S3K8sTestContext context = new S3K8sTestContext(LocalKubernetes.environment())
    K8sIntegration k8s = new K8sProvider().create(context) as K8sIntegration

    def setup() {
        Rollout.deployment(cluster, ns, 'api', ['registry.local:5000/shop/api:1.0', 'registry.local:5000/shop/api:1.1',
                                                'registry.local:5000/shop/api:1.2'],
                ['deploy 1.0', 'deploy 1.1: faster checkout', 'deploy 1.2: new payment flow'])
    }

    private deployed() {
        cluster.apps().deployments().inNamespace(ns).withName('api').get()
    }

    def "history lists the revisions oldest first with their change-cause, images and which one runs now"() {
        when:
        def history = k8s.deployment('api', ns: ns).history()

        then:
        history*.revision == [1L, 2L, 3L]
        history*.changeCause == ['deploy 1.0', 'deploy 1.1: faster checkout', 'deploy 1.2: new payment flow']
        history*.images == [['registry.local:5000/shop/api:1.0'], ['registry.local:5000/shop/api:1.1'], ['registry.local:5000/shop/api:1.2']]
        history*.current == [false, false, true]
        context.lastCall().subMap('integration', 'target', 'action', 'outcome', 'count') ==
                [integration: 'k8s', target: "deployment/api in $ns".toString(), action: 'history', outcome: 'ok', count: 3]
    }

    def "undo without a revision rolls back to the previous one like kubectl rollout undo"() {
        when:
        def r = k8s.deployment('api', ns: ns).undo()

        then:
        r.fromRevision == 3
        r.toRevision == 2
        r.images == ['registry.local:5000/shop/api:1.1']
        def d = deployed()
        d.spec.template.spec.containers*.image == ['registry.local:5000/shop/api:1.1']
        !d.spec.template.metadata.labels.containsKey('pod-template-hash')
        d.spec.template.metadata.labels == [app: 'api']
        d.metadata.annotations['kubernetes.io/change-cause'] == 'deploy 1.1: faster checkout'
        d.metadata.annotations['deployment.kubernetes.io/revision'] == '3'
        context.lastCall().subMap('action', 'outcome', 'fromRevision', 'toRevision') ==
                [action: 'undo', outcome: 'ok', fromRevision: 3L, toRevision: 2L]
    }

    def "undo to a given revision restores that revision's template"() {
        when:
        def r = k8s.deployment('api', ns: ns).undo(toRevision: 1)

        then:
        r.toRevision == 1
        deployed().spec.template.spec.containers*.image == ['registry.local:5000/shop/api:1.0']
        k8s.deployment('api', ns: ns).history().find { it.current }.revision == 1
    }

    def "undo to a revision that is not in the history fails, names the revisions there and changes nothing"() {
        when:
        k8s.deployment('api', ns: ns).undo(toRevision: 7)

        then:
        def e = thrown(StepFailure)
        e.message == "k8s: undo on deployment/api in $ns failed: there is no revision 7 in the history — revisions there: 1, 2, 3"
        deployed().spec.template.spec.containers*.image == ['registry.local:5000/shop/api:1.2']
        context.lastCall().outcome == 'failed'
        context.lastCall().error.contains('no revision 7')
    }

    def "undo to the revision already running changes nothing and says so"() {
        when:
        def r = k8s.deployment('api', ns: ns).undo(toRevision: 3)

        then:
        r.skipped
        r.toString() == "deployment $ns/api already has the template of revision 3: nothing to do"
        deployed().metadata.generation == 1
    }

    def "in a dry run undo finds the revision but changes nothing, and the journal says dry-run"() {
        given:
        def dry = new S3K8sTestContext(LocalKubernetes.environment(), true)

        when:
        def r = (new K8sProvider().create(dry) as K8sIntegration).deployment('api', ns: ns).undo()

        then:
        r.dryRun
        r.toRevision == 2
        deployed().spec.template.spec.containers*.image == ['registry.local:5000/shop/api:1.2']
        dry.calls()*.outcome == ['dry-run']
    }

    def "status reports a finished rollout at once"() {
        when:
        def s = k8s.deployment('api', ns: ns).status()

        then:
        s.done
        s.message == 'rolled out: 3 of 3 replicas updated and ready'
    }

    def "status with wait returns as soon as the new replicas become ready"() {
        given:
        Rollout.status(cluster, ns, 'api', [readyReplicas: 1, availableReplicas: 1])
        def becomesReady = Thread.start {
            // the controller would do this; the integration must see it on one of its polls
            Thread.sleep(300)
            Rollout.status(cluster, ns, 'api', [readyReplicas: 3, availableReplicas: 3])
        }

        when:
        def s = k8s.deployment('api', ns: ns).status(wait: Duration.ofSeconds(30), every: Duration.ofMillis(100))

        then:
        s.done
        s.ready == 3
        context.lastCall().subMap('action', 'outcome', 'done') == [action: 'status', outcome: 'ok', done: true]

        cleanup:
        becomesReady?.join()
    }

    def "status with wait fails with what is missing when the rollout does not finish in time"() {
        given:
        Rollout.status(cluster, ns, 'api', [readyReplicas: 2, availableReplicas: 2])

        when:
        k8s.deployment('api', ns: ns).status(wait: Duration.ofMillis(500), every: Duration.ofMillis(100))

        then:
        def e = thrown(StepFailure)
        e.message == "k8s: status on deployment/api in $ns failed: not finished after 500ms: 2 of 3 updated replicas ready" +
                " (desired 3, updated 3, ready 2, available 2)"
        context.lastCall().outcome == 'failed'
    }

    def "status with wait fails at once when the deployment's progress deadline has passed"() {
        given:
        def d = deployed()
        d.status.updatedReplicas = 1
        d.status.conditions = [new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder()
                                       .withType('Progressing').withStatus('False').withReason('ProgressDeadlineExceeded').build()]
        cluster.apps().deployments().inNamespace(ns).resource(d).updateStatus()

        when:
        k8s.deployment('api', ns: ns).status(wait: Duration.ofMinutes(5))

        then:
        def e = thrown(StepFailure)
        e.message.contains('the rollout exceeded its progress deadline: 1 of 3 replicas updated')
    }

    def "scale sets the replicas and reports the number before"() {
        when:
        def c = k8s.deployment('api', ns: ns).scale(5)

        then:
        c.before == '3'
        c.after == '5'
        deployed().spec.replicas == 5
        context.lastCall().subMap('action', 'outcome', 'from', 'replicas') == [action: 'scale', outcome: 'ok', from: 3, replicas: 5]
    }

    def "restart stamps the pod template so every pod is replaced"() {
        when:
        k8s.deployment('api', ns: ns).restart()

        then:
        deployed().spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'] != null
    }

    def "image with a bare tag keeps the repository and records the step as change-cause"() {
        when:
        def c = k8s.deployment('api', ns: ns).image('api', '1.3')

        then:
        c.before == 'registry.local:5000/shop/api:1.2'
        c.after == 'registry.local:5000/shop/api:1.3'
        def d = deployed()
        d.spec.template.spec.containers*.image == ['registry.local:5000/shop/api:1.3']
        d.metadata.annotations['kubernetes.io/change-cause'] == "runbook step 'test step': set image api=registry.local:5000/shop/api:1.3"
    }

    def "image of a container the deployment does not have fails with a suggestion"() {
        when:
        k8s.deployment('api', ns: ns).image('apj', '1.3')

        then:
        def e = thrown(StepFailure)
        e.message.endsWith("the deployment has no container 'apj' — did you mean 'api'?")
    }

    def "a misspelt deployment name fails with the name that exists"() {
        when:
        k8s.deployment('apl', ns: ns).history()

        then:
        def e = thrown(StepFailure)
        e.message == "k8s: history on deployment/apl in $ns failed: there is no deployment 'apl' in namespace '$ns' — did you mean 'api'?"
    }

    def "a misspelt option fails before anything is called"() {
        when:
        k8s.deployment('api', ns: ns).undo(toRevison: 2)

        then:
        def e = thrown(StepFailure)
        e.message == "k8s.deployment.undo: unknown option 'toRevison:' — did you mean 'toRevision'?"
        context.calls().isEmpty()
    }
}
