package dev.runbook.integrations.pg;

import dev.runbook.integrations.support.CallJournal;
import dev.runbook.integrations.support.ExternalCommand;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * {@code pg.restore}: reads the file's first bytes to tell gzip from not and a pg_dump archive ({@code PGDMP})
 * from plain SQL, then streams it into pg_restore or psql, in one transaction that stops at the first error.
 */
final class PgRestore {
    private static final byte[] ARCHIVE_MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);
    /**
     * A plain SQL dump carries no list of the objects it creates, so {@code clean: true} empties the public schema
     * first (in the same transaction), which is what a dump of an application database restores into.
     */
    private static final String CLEAN_PUBLIC = "DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n";

    private final CallJournal journal;

    PgRestore(CallJournal journal) {
        this.journal = journal;
    }

    RestoreResult restore(PgTarget target, Path from, boolean clean, boolean noOwner) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("file", from.toString());
        extra.put("clean", clean);
        String what = "restore of database '" + target.getDatabase() + "' from " + from;
        if (journal.context().wouldHaveMade(dev.runbook.engine.WouldBe.file(from))) {
            // an earlier call of this dry run (a download) would have written the file: there is nothing to read yet
            extra.put("format", "not known: the file is not there in a dry run");
            journal.dryRun("restore", target.display(), extra);
            return new RestoreResult(target.getDatabase(), from, null, false, clean, true);
        }
        // reading the file is harmless, and a dry run should say when the backup is not there
        Kind kind;
        try {
            kind = inspect(from);
        } catch (Exception e) {
            return journal.call("restore", target.display(), what, extra, () -> {
                throw e;
            });
        }
        extra.put("format", kind.format());
        if (journal.context().dryRun()) {
            journal.dryRun("restore", target.display(), extra);
            return new RestoreResult(target.getDatabase(), from, kind.format(), kind.gzipped(), clean, true);
        }
        return journal.call("restore", target.display(), what, extra, () -> {
            InputStream in = open(from, kind.gzipped());
            List<String> argv = new ArrayList<>();
            if (kind.archive()) {
                argv.addAll(List.of(PgTools.find("pg_restore", journal.context().environment()).toString(), "--no-password",
                        "--exit-on-error", "--single-transaction", "--dbname=" + target.libpqUri()));
                if (clean) argv.addAll(List.of("--clean", "--if-exists"));
                if (noOwner) argv.add("--no-owner");
            } else {
                argv.addAll(List.of(PgTools.find("psql", journal.context().environment()).toString(), "--no-password", "--quiet",
                        "--no-psqlrc", "--set=ON_ERROR_STOP=1", "--single-transaction", "--dbname=" + target.libpqUri()));
                if (clean) in = new SequenceInputStream(new ByteArrayInputStream(CLEAN_PUBLIC.getBytes(StandardCharsets.UTF_8)), in);
            }
            ExternalCommand.Result r = new ExternalCommand(argv).environment(target.toolEnvironment()).input(in).run();
            if (r.exitCode() != 0) {
                throw new Exception(Path.of(argv.getFirst()).getFileName() + " exited " + r.exitCode() + ": " + r.tail(3)
                        + " (one transaction: nothing was restored)");
            }
            return new RestoreResult(target.getDatabase(), from, kind.format(), kind.gzipped(), clean, false);
        });
    }

    record Kind(boolean gzipped, boolean archive) {
        String format() {
            return archive ? "custom" : "plain";
        }
    }

    static Kind inspect(Path file) throws Exception {
        if (!Files.isRegularFile(file)) throw new java.io.FileNotFoundException("no such file: " + file.toAbsolutePath());
        boolean gzipped;
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] head = raw.readNBytes(2);
            gzipped = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        }
        try (InputStream in = open(file, gzipped)) {
            return new Kind(gzipped, Arrays.equals(in.readNBytes(ARCHIVE_MAGIC.length), ARCHIVE_MAGIC));
        }
    }

    private static InputStream open(Path file, boolean gzipped) throws Exception {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return gzipped ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
