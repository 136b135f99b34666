package dev.runbook.integrations.k8s;

import java.util.List;

/**
 * A HorizontalPodAutoscaler and where it stands.
 *
 * @param target  what it scales: {@code Deployment/api}
 * @param metrics each metric as "cpu 85% (target 70%)"
 * @param atMax   it wants more replicas than it may have: scaling is capped
 */
public record K8sHpa(String name, String namespace, String target, int minReplicas, int maxReplicas, int currentReplicas,
                     int desiredReplicas, List<String> metrics, boolean atMax) {
    @Override
    public String toString() {
        return name + " → " + target + ": " + currentReplicas + " replicas (min " + minReplicas + ", max " + maxReplicas + ")"
                + (metrics.isEmpty() ? "" : ", " + String.join(", ", metrics));
    }
}
