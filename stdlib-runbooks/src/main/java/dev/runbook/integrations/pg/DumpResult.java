package dev.runbook.integrations.pg;

import java.nio.file.Path;

/** A dump written by {@code pg.dump}: where, in which format, how big. In a dry run nothing was written. */
public record DumpResult(String database, Path file, String format, boolean gzipped, long bytes, boolean dryRun)
        implements dev.runbook.engine.WouldBe {}
