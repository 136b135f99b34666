package dev.runbook.integrations.k8s;

import java.util.List;

/**
 * Log lines of a pod, or of every pod of a deployment (each pod's lines under a {@code ==> pod <==} header).
 *
 * @param pods the pods read
 */
public record K8sLogs(String target, List<String> pods, String text) {
    public List<String> getLines() {
        return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
    }

    @Override
    public String toString() {
        return text;
    }
}
