package dev.runbook.integrations.docker;

/**
 * The outcome of {@code recreate()}: a new container of the same image and settings runs under the same name.
 * {@code from} is the id of the container it replaced, {@code containerId} the new one's; {@code outcome} is
 * {@code recreated} or {@code dry-run}.
 */
public record RecreateResult(String container, String image, String from, String containerId, boolean dryRun, String outcome)
        implements dev.runbook.engine.WouldBe {
    @Override public String toString() {
        if (dryRun) return "would recreate " + container + " (dry run)";
        return container + " recreated from " + image + " (container " + from + " → " + containerId + ")";
    }
}
