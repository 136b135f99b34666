package dev.runbook.engine;

/**
 * Makes an integration ({@code http}, {@code docker}, {@code k8s} ...) available inside steps under its name.
 * Found with {@link java.util.ServiceLoader}, created lazily on first use in a step, so a runbook that never
 * touches Kubernetes never loads its client.
 */
public interface IntegrationProvider {
    /** The name steps use: {@code docker}. */
    String name();

    /** A new instance bound to one step's context. */
    Object create(IntegrationContext context);
}
