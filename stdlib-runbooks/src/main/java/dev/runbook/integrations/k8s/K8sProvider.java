package dev.runbook.integrations.k8s;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.IntegrationProvider;

/** {@code k8s} in steps. Creating it touches no fabric8 class: the client is built on the first call. */
public final class K8sProvider implements IntegrationProvider {
    @Override
    public String name() {
        return "k8s";
    }

    @Override
    public Object create(IntegrationContext context) {
        return new K8sIntegration(context, new K8sSettings(null, null));
    }
}
