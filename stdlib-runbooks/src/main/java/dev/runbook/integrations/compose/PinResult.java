package dev.runbook.integrations.compose;

/** {@code pinImage}: the service's image before and after, and where the untouched copy of the file is. */
public record PinResult(String service, String from, String to, String file, String backup, boolean dryRun)
        implements dev.runbook.engine.WouldBe {
    @Override public String toString() {
        return dryRun ? "would pin " + service + " to " + to + " in " + file + " (dry run)"
                : service + ": " + from + " -> " + to + " in " + file + " (copy before the change: " + backup + ")";
    }
}
