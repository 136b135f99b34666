package dev.runbook.integrations.pg;

import java.util.List;

/**
 * What {@code createDatabase}, {@code dropDatabase} or {@code renameDatabase} did.
 *
 * @param newName    the name after a rename; null otherwise
 * @param terminated the connections ended because of {@code terminate: true}
 */
public record DatabaseChange(String action, String database, String newName, List<String> terminated, boolean dryRun)
        implements dev.runbook.engine.WouldBe {
    public DatabaseChange {
        terminated = List.copyOf(terminated);
    }
}
