package dev.runbook.integrations.docker;

/** The outcome of {@code rollbackTo}: the container now runs {@code to} (unless {@code dryRun}). */
public record RollbackResult(String container, String from, String to, String containerId, boolean dryRun, boolean changed)
        implements dev.runbook.engine.WouldBe {
    @Override public String toString() {
        if (dryRun) return "would recreate " + container + " with " + to + " (dry run)";
        if (!changed) return container + " already runs " + to;
        return container + " rolled back from " + from + " to " + to + " (container " + containerId + ")";
    }
}
