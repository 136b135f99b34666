package dev.runbook.integrations.k8s;

/**
 * How far a rollout is, as {@code kubectl rollout status} judges it.
 *
 * @param desired   spec.replicas
 * @param updated   replicas running the current template
 * @param ready     replicas passing their readiness probes
 * @param available replicas ready for at least minReadySeconds
 * @param total     all replicas, old ones still terminating included
 * @param done      the rollout has finished: updated = ready = desired, no old replica left
 * @param stalled   the deployment's progress deadline passed: waiting longer will not help
 * @param message   what is still missing, or that the rollout finished
 */
public record K8sRolloutStatus(String deployment, String namespace, int desired, int updated, int ready, int available,
                               int total, boolean done, boolean stalled, String message) {
    @Override
    public String toString() {
        return message;
    }
}
