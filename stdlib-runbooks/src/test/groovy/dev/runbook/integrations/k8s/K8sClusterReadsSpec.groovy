package dev.runbook.integrations.k8s

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.S3K8sTestContext
import io.fabric8.kubernetes.api.model.EventBuilder
import io.fabric8.kubernetes.api.model.PodBuilder
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder
import io.fabric8.kubernetes.client.KubernetesClient
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration
import java.time.Instant

class K8sClusterReadsSpec extends Specification {
    @Shared KubernetesClient cluster = LocalKubernetes.client()
    String ns = LocalKubernetes.freshNamespace()
    S3K8sTestContext context = new S3K8sTestContext(LocalKubernetes.environment())
    K8sIntegration k8s = new K8sProvider().create(context) as K8sIntegration

    private void pod(String name, Map labels, Map state = [ready: true]) {
        def b = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).addToLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName('app').withImage('shop/app:1').endContainer().withNodeName('node-a').endSpec()
                .withNewStatus().withPhase('Running').withPodIP('10.0.0.7').addNewContainerStatus().withName('app')
                .withReady(state.ready).withRestartCount(state.restarts ?: 0)
        if (state.waiting) b = b.withNewState().withNewWaiting().withReason(state.waiting).endWaiting().endState()
        cluster.pods().inNamespace(ns).resource(b.endContainerStatus().endStatus().build()).create()
    }

    private void event(String reason, String type, String object, Instant at) {
        cluster.v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata().withName("$object.$reason.${at.toEpochMilli()}".toString()).endMetadata()
                .withType(type).withReason(reason).withMessage("$reason of $object".toString()).withCount(2)
                .withNewInvolvedObject().withKind('Pod').withName(object).withNamespace(ns).endInvolvedObject()
                .withLastTimestamp(at.toString()).build()).create()
    }

    def "pods lists the pods matching a label selector with kubectl's status, readiness and restarts"() {
        given:
        pod('api-2', [app: 'api'], [ready: false, restarts: 7, waiting: 'CrashLoopBackOff'])
        pod('api-1', [app: 'api'])
        pod('worker-1', [app: 'worker'])

        when:
        def pods = k8s.pods(ns: ns, selector: 'app=api')

        then:
        pods*.name == ['api-1', 'api-2']
        pods*.status == ['Running', 'CrashLoopBackOff']
        pods*.ready == [true, false]
        pods*.readyContainers == ['1/1', '0/1']
        pods*.restarts == [0, 7]
        pods[0].node == 'node-a'
        context.lastCall().subMap('action', 'outcome', 'selector', 'count') == [action: 'pods', outcome: 'ok', selector: 'app=api', count: 2]
    }

    def "pods also takes the labels as a map"() {
        given:
        pod('api-1', [app: 'api', track: 'canary'])
        pod('api-2', [app: 'api', track: 'stable'])

        expect:
        k8s.pods(ns: ns, selector: [app: 'api', track: 'canary'])*.name == ['api-1']
    }

    def "events since a duration returns only the recent ones, oldest first, and can keep only warnings"() {
        given:
        def now = Instant.now()
        event('BackOff', 'Warning', 'api-2', now.minusSeconds(60))
        event('Pulled', 'Normal', 'api-1', now.minusSeconds(120))
        event('OOMKilled', 'Warning', 'api-1', now.minus(Duration.ofHours(3)))

        when:
        def recent = k8s.events(ns: ns, since: Duration.ofMinutes(15))
        def warnings = k8s.events(ns: ns, since: Duration.ofMinutes(15), type: 'Warning')

        then:
        recent*.reason == ['Pulled', 'BackOff']
        recent*.object == ['Pod/api-1', 'Pod/api-2']
        recent[1].message == 'BackOff of api-2'
        recent[1].count == 2
        warnings*.reason == ['BackOff']
    }

    def "events since a moment given as text"() {
        given:
        def now = Instant.now()
        event('Scheduled', 'Normal', 'api-1', now.minusSeconds(30))
        event('Killing', 'Normal', 'api-1', now.minus(Duration.ofDays(1)))

        expect:
        k8s.events(ns: ns, since: now.minusSeconds(600).toString())*.reason == ['Scheduled']
    }

    def "hpa shows its bounds, replicas and metrics, and whether it is capped at its maximum"() {
        given:
        cluster.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).resource(new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName('api').endMetadata()
                .withNewSpec().withMinReplicas(2).withMaxReplicas(6)
                .withNewScaleTargetRef().withApiVersion('apps/v1').withKind('Deployment').withName('api').endScaleTargetRef()
                .addNewMetric().withType('Resource').withNewResource().withName('cpu').withNewTarget().withType('Utilization')
                .withAverageUtilization(70).endTarget().endResource().endMetric().endSpec()
                .withNewStatus().withCurrentReplicas(6).withDesiredReplicas(6)
                .addNewCurrentMetric().withType('Resource').withNewResource().withName('cpu').withNewCurrent().withAverageUtilization(93)
                .endCurrent().endResource().endCurrentMetric().endStatus().build()).create()

        when:
        def h = k8s.hpa('api', ns: ns)

        then:
        h.target == 'Deployment/api'
        [h.minReplicas, h.maxReplicas, h.currentReplicas, h.desiredReplicas] == [2, 6, 6, 6]
        h.metrics == ['cpu 93% (target 70%)']
        h.atMax
    }

    def "hpa that does not exist fails naming it"() {
        when:
        k8s.hpa('nope', ns: ns)

        then:
        def e = thrown(StepFailure)
        e.message == "k8s: hpa on hpa/nope in $ns failed: there is no HorizontalPodAutoscaler 'nope' in namespace '$ns'"
    }

    def "logs of a deployment reads the tail of each of its pods"() {
        given:
        Rollout.deployment(cluster, ns, 'api', ['shop/api:1'], ['first'])
        pod('api-1', [app: 'api'])
        pod('api-2', [app: 'api'])
        ['api-1': 'started\nGET /health 200', 'api-2': 'started\nERROR db timeout'].each { p, text ->
            LocalKubernetes.server().expect().get().withPath("/api/v1/namespaces/$ns/pods/$p/log?pretty=false&tailLines=2".toString())
                    .andReturn(200, text + '\n').once()
        }

        when:
        def logs = k8s.logs('deployment/api', ns: ns, tail: 2)

        then:
        logs.pods == ['api-1', 'api-2']
        logs.lines == ['==> api-1 <==', 'started', 'GET /health 200', '==> api-2 <==', 'started', 'ERROR db timeout']
    }

    def "logs of a pod by its bare name"() {
        given:
        pod('api-1', [app: 'api'])
        LocalKubernetes.server().expect().get().withPath("/api/v1/namespaces/$ns/pods/api-1/log?pretty=false&tailLines=5".toString())
                .andReturn(200, 'one line\n').once()

        expect:
        k8s.logs('api-1', ns: ns, tail: 5).text == 'one line'
    }
}
