package dev.runbook.integrations.pg;

import java.nio.file.Path;

/**
 * A restore done by {@code pg.restore}.
 *
 * @param format  {@code custom} (pg_restore) or {@code plain} (SQL through psql), read from the file itself
 * @param gzipped whether the file was gzip-compressed
 */
public record RestoreResult(String database, Path from, String format, boolean gzipped, boolean clean, boolean dryRun)
        implements dev.runbook.engine.WouldBe {}
