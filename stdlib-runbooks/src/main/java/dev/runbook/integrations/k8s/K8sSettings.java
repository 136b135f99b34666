package dev.runbook.integrations.k8s;

import java.io.File;
import java.util.Map;

/**
 * Which cluster: a kubeconfig file and context, or (neither given, no {@code KUBECONFIG}) the usual
 * {@code ~/.kube/config} or the pod's service account when running in a cluster.
 *
 * @param kubeconfig null: {@code KUBECONFIG} from the run's environment (its first file), then the defaults
 * @param context    null: the kubeconfig's current context
 */
record K8sSettings(String kubeconfig, String context) {
    /** The kubeconfig file to read, or null for fabric8's own discovery (home folder, in-cluster). */
    String kubeconfigFile(Map<String, String> env) {
        if (kubeconfig != null) return kubeconfig;
        String fromEnv = env.get("KUBECONFIG");
        if (fromEnv == null || fromEnv.isBlank()) return null;
        return fromEnv.split(File.pathSeparator)[0];
    }
}
