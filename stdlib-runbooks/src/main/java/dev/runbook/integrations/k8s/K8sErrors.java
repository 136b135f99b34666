package dev.runbook.integrations.k8s;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** The API server's own words ("deployments.apps \"api\" not found (404)") instead of fabric8's request dump. */
final class K8sErrors {
    private K8sErrors() {}

    static <T> T translate(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw new IllegalStateException(describe(e), e);
        }
    }

    static String describe(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isBlank()) {
            return e.getStatus().getMessage() + " (HTTP " + e.getCode() + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root != e && root.getMessage() != null) {
            return "cannot reach the API server: " + root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        return e.getMessage();
    }
}
