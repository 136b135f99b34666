package dev.runbook.integrations.wrangler;

/** What {@code wrangler.rollback} deployed: {@code versionId} to 100% of the Worker's traffic. */
public record WranglerRollback(String name, String versionId, String message, boolean dryRun)
        implements dev.runbook.engine.WouldBe {}
