package dev.runbook.integrations.pg;

import java.nio.file.Path;

/**
 * What {@code pg.verifyBackup(file)} found.
 *
 * @param ok       the file reads to its end and looks whole: a custom archive's table of contents and every data
 *                 block read ({@code pg_restore --list}, then {@code pg_restore --file=/dev/null}); a plain dump decompresses without error and, when pg_dump wrote it,
 *                 ends with pg_dump's "dump complete" line
 * @param format   {@code custom} or {@code plain}, read from the content
 * @param gzipped  whether the file is gzip-compressed
 * @param bytes    the size of the file on disk
 * @param entries  custom: the entries in the table of contents; plain: the objects pg_dump headed
 *                 ({@code -- Name: ...; Type: ...}); 0 when unreadable
 * @param problem  why it is not ok (null when ok)
 */
public record BackupCheck(Path file, boolean ok, String format, boolean gzipped, long bytes, int entries, String problem) {}
