package dev.runbook.integrations.docker;

/**
 * The outcome of {@code rollbackTo}: the container now runs {@code to} (unless {@code dryRun}). {@code outcome}:
 * {@code rolled back} (a new container, id {@code containerId}), {@code unchanged} (it already ran that image and
 * nothing was done; {@code containerId} is the one that runs) or {@code dry-run}.
 */
public record RollbackResult(String container, String from, String to, String containerId, boolean dryRun, boolean changed,
                             String outcome) implements dev.runbook.engine.WouldBe {
    @Override public String toString() {
        if (dryRun) return "would recreate " + container + " with " + to + " (dry run)";
        if (!changed) return container + " already runs " + to + "; nothing done";
        return container + " rolled back from " + from + " to " + to + " (container " + containerId + ")";
    }
}
