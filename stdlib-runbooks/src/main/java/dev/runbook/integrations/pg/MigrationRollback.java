package dev.runbook.integrations.pg;

import java.util.List;

/**
 * What {@code rollbackTo} did.
 *
 * @param from       the newest version before the rollback
 * @param to         the version the database is at afterwards
 * @param rolledBack the versions undone, newest first (in a dry run: the ones that would be)
 */
public record MigrationRollback(String from, String to, List<String> rolledBack, boolean dryRun)
        implements dev.runbook.engine.WouldBe {
    public MigrationRollback {
        rolledBack = List.copyOf(rolledBack);
    }
}
