package dev.runbook.integrations.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

import java.io.File;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One fabric8 client per kubeconfig and context, built on the first call and shared by the steps of the process;
 * {@link #build} also gives {@code runbook submit} its own client, configured the same way.
 */
public final class K8sClients {
    private static final Map<String, KubernetesClient> CLIENTS = new ConcurrentHashMap<>();

    private K8sClients() {}

    static KubernetesClient get(K8sSettings settings, Map<String, String> env) {
        String file = settings.kubeconfigFile(env);
        return CLIENTS.computeIfAbsent(file + "\n" + settings.context(), k -> build(file, settings.context()));
    }

    /**
     * A new client (the caller closes it) for a kubeconfig file, or the default one ($KUBECONFIG of this process,
     * ~/.kube/config, in-cluster) when {@code kubeconfig} is null; {@code context} null: its current context.
     *
     * @throws IllegalStateException when the kubeconfig file does not exist
     */
    public static KubernetesClient build(String kubeconfig, String context) {
        Config config;
        if (kubeconfig != null) {
            File f = new File(kubeconfig);
            if (!f.isFile()) throw new IllegalStateException("the kubeconfig " + kubeconfig + " does not exist");
            config = Config.fromKubeconfig(context, f);
        } else {
            config = Config.autoConfigure(context);
        }
        // fabric8 retries failed requests by default; a runbook must see a failure, not a silent retry.
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }
}
