package dev.runbook.integrations.docker;

/** What restart/stop/start/remove did. {@code dryRun}: nothing was done. {@code changed} is false when it already was so. */
public record ContainerAction(String container, String action, boolean dryRun, boolean changed)
        implements dev.runbook.engine.WouldBe {
    @Override public String toString() {
        if (dryRun) return "would " + action + " " + container + " (dry run)";
        return changed ? action + " " + container + ": done" : action + " " + container + ": nothing to do, it already was";
    }
}
