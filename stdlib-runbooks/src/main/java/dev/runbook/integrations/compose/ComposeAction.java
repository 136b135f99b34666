package dev.runbook.integrations.compose;

import java.util.List;

/** What a compose command did: the services it acted on (empty: all), and the CLI's output. {@code dryRun}: nothing ran. */
public record ComposeAction(String project, String action, List<String> services, boolean dryRun, String output)
        implements dev.runbook.engine.WouldBe {
    @Override public String toString() {
        String what = action + " " + (services.isEmpty() ? "all services" : String.join(", ", services)) + " of " + project;
        return dryRun ? "would " + what + " (dry run)" : what + ": done";
    }
}
