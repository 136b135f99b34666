package dev.runbook.integrations.pg;

import dev.runbook.integrations.support.ExternalCommand;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads a backup file without touching a database: tells gzip from not and a pg_dump archive ({@code PGDMP}) from
 * plain SQL by content, and checks it is whole ({@link BackupCheck}).
 */
final class PgBackupReader {
    private static final byte[] ARCHIVE_MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);

    record Kind(boolean gzipped, boolean archive) {
        String format() {
            return archive ? "custom" : "plain";
        }
    }

    private PgBackupReader() {}

    static Kind inspect(Path file) throws Exception {
        if (!Files.isRegularFile(file)) throw new java.io.FileNotFoundException("no such file: " + file.toAbsolutePath());
        boolean gzipped;
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] head = raw.readNBytes(2);
            gzipped = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        }
        try (InputStream in = open(file, gzipped)) {
            return new Kind(gzipped, Arrays.equals(in.readNBytes(ARCHIVE_MAGIC.length), ARCHIVE_MAGIC));
        } catch (EOFException e) {
            return new Kind(gzipped, false); // an empty or cut gzip: the full read says what is wrong
        }
    }

    static InputStream open(Path file, boolean gzipped) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return gzipped ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** Reads the whole file (and, for an archive, its table of contents through pg_restore). */
    static BackupCheck check(Path file, Kind kind, Map<String, String> env) throws Exception {
        long size = Files.size(file);
        if (!kind.archive()) {
            PlainDump.Scan scan;
            try (InputStream in = open(file, kind.gzipped())) {
                scan = PlainDump.scan(in);
            } catch (java.io.InterruptedIOException e) {
                throw new InterruptedException(e.getMessage());
            } catch (IOException e) {
                return new BackupCheck(file, false, "plain", kind.gzipped(), size, 0, unreadable(kind, e));
            }
            if (!scan.complete()) {
                return new BackupCheck(file, false, "plain", kind.gzipped(), size, scan.objectCount(),
                        "it ends without pg_dump's '" + PlainDump.TRAILER + "' line: the file was cut short");
            }
            if (scan.bytes() == 0) return new BackupCheck(file, false, "plain", kind.gzipped(), size, 0, "it is empty");
            return new BackupCheck(file, true, "plain", kind.gzipped(), size, scan.objectCount(), null);
        }
        String pgRestore = PgTools.find("pg_restore", env).toString();
        ExternalCommand.Result list;
        ExternalCommand.Result whole;
        try {
            list = new ExternalCommand(List.of(pgRestore, "--list")).input(open(file, kind.gzipped())).run();
            // --list reads the table of contents only; a script to /dev/null reads every data block (and the gzip layer) too
            whole = list.exitCode() != 0 ? list
                    : new ExternalCommand(List.of(pgRestore, "--file=/dev/null")).input(open(file, kind.gzipped())).run();
        } catch (ExternalCommand.InputFailed e) {
            return new BackupCheck(file, false, "custom", kind.gzipped(), size, 0, unreadable(kind, (IOException) e.getCause()));
        }
        if (list.exitCode() != 0) {
            return new BackupCheck(file, false, "custom", kind.gzipped(), size, 0,
                    "pg_restore cannot read its table of contents: " + list.tail(2));
        }
        int entries = (int) list.stdout().lines().filter(l -> !l.isBlank() && !l.startsWith(";")).count();
        if (whole.exitCode() != 0) {
            return new BackupCheck(file, false, "custom", kind.gzipped(), size, entries,
                    "pg_restore cannot read all of it: " + whole.tail(2));
        }
        return new BackupCheck(file, true, "custom", kind.gzipped(), size, entries, null);
    }

    private static String unreadable(Kind kind, IOException e) {
        return (kind.gzipped() ? "the gzip data is cut short or corrupt: " : "it cannot be read: ") + e.getMessage();
    }
}
