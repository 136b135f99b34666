package dev.runbook.integrations.k8s

import io.fabric8.kubernetes.api.model.PodTemplateSpec
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder
import io.fabric8.kubernetes.api.model.apps.Deployment
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder
import io.fabric8.kubernetes.client.KubernetesClient

/**
 * Arranges what the deployment controller would have left behind after some rollouts: a Deployment and one
 * ReplicaSet per revision (owned by it, with the revision and change-cause annotations and a pod-template-hash label).
 * The mock has no controllers, so the status is set here too.
 */
final class Rollout {
    private Rollout() {}

    /** Revision i (1-based) runs images[i-1]; the deployment runs the last one. */
    static Deployment deployment(KubernetesClient client, String ns, String name, List<String> images, List<String> causes,
                                 int replicas = 3) {
        def d = client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).addToAnnotations('deployment.kubernetes.io/revision', "${images.size()}".toString())
                .addToAnnotations('kubernetes.io/change-cause', causes.last()).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels('app', name).endSelector()
                .withTemplate(template(name, images.last())).endSpec()
                .withNewStatus().withObservedGeneration(1).withReplicas(replicas).withUpdatedReplicas(replicas)
                .withReadyReplicas(replicas).withAvailableReplicas(replicas).endStatus()
                .build()).create()
        images.eachWithIndex { image, i ->
            def hash = "h${i + 1}x${name.hashCode().abs() % 1000}".toString()
            def rsTemplate = new PodTemplateSpecBuilder(template(name, image)).editMetadata().addToLabels('pod-template-hash', hash).endMetadata().build()
            client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                    .withNewMetadata().withName("$name-$hash".toString()).addToLabels('app', name).addToLabels('pod-template-hash', hash)
                    .addToAnnotations('deployment.kubernetes.io/revision', "${i + 1}".toString())
                    .addToAnnotations('kubernetes.io/change-cause', causes[i])
                    .addNewOwnerReference().withApiVersion('apps/v1').withKind('Deployment').withName(name)
                    .withUid(d.metadata.uid).withController(true).endOwnerReference().endMetadata()
                    .withNewSpec().withReplicas(i == images.size() - 1 ? replicas : 0)
                    .withNewSelector().addToMatchLabels('app', name).addToMatchLabels('pod-template-hash', hash).endSelector()
                    .withTemplate(rsTemplate).endSpec().build()).create()
        }
        d
    }

    static PodTemplateSpec template(String app, String image) {
        new PodTemplateSpecBuilder().withNewMetadata().addToLabels('app', app).endMetadata()
                .withNewSpec().addNewContainer().withName(app).withImage(image).endContainer().endSpec().build()
    }

    /** What the deployment controller would report: the given counts, as observed for the current generation. */
    static void status(KubernetesClient client, String ns, String name, Map counts) {
        def d = client.apps().deployments().inNamespace(ns).withName(name).get()
        d.status.observedGeneration = d.metadata.generation
        counts.each { k, v -> d.status."$k" = v }
        client.apps().deployments().inNamespace(ns).resource(d).updateStatus()
    }
}
