package dev.runbook.integrations.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;

/** The client and namespace one call works in; the namespace defaults to the kubeconfig context's, then "default". */
record K8sCluster(KubernetesClient client, String namespace) {
    static K8sCluster of(K8sSettings settings, Map<String, String> env, String namespace) {
        KubernetesClient client = K8sClients.get(settings, env);
        String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
        return new K8sCluster(client, ns);
    }

    Rollouts rollouts(String deployment) {
        return new Rollouts(client, deployment, namespace);
    }

    ClusterReads reads() {
        return new ClusterReads(client, namespace);
    }

    String server() {
        return client.getMasterUrl() == null ? null : client.getMasterUrl().toString();
    }
}
