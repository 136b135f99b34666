package dev.runbook.integrations.k8s;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a deployment's rollout history: a ReplicaSet and its revision.
 *
 * @param changeCause the {@code kubernetes.io/change-cause} annotation, or null
 * @param current     this revision's template is the deployment's template now
 */
public record K8sRevision(long revision, String changeCause, String replicaSet, List<String> images, Instant createdAt,
                          boolean current) {
    @Override
    public String toString() {
        return revision + "  " + String.join(",", images) + "  " + (changeCause == null ? "<none>" : changeCause) + (current ? "  (current)" : "");
    }
}
