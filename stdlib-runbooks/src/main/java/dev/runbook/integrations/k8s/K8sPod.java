package dev.runbook.integrations.k8s;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One pod, as {@code kubectl get pods} shows it.
 *
 * @param status   what kubectl's STATUS column says: CrashLoopBackOff, ImagePullBackOff, Terminating, or the phase
 * @param ready    every container is ready
 * @param restarts restarts of all its containers
 */
public record K8sPod(String name, String namespace, String phase, String status, boolean ready, String readyContainers,
                     int restarts, String node, String ip, Instant startedAt, List<String> images, Map<String, String> labels) {
    @Override
    public String toString() {
        return name + "  " + readyContainers + "  " + status + "  restarts " + restarts;
    }
}
