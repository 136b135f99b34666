package dev.runbook.integrations.pg;

import dev.runbook.integrations.support.CallJournal;
import dev.runbook.integrations.support.ExternalCommand;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pg.restore}: reads the whole backup first ({@link PgBackupReader#check}: a truncated or corrupt file is
 * refused before anything runs), then streams it into pg_restore or psql in one transaction that stops at the first
 * error. Any stage that fails on the way (the gzip layer, the tool, the connection) fails the restore and the
 * transaction is never committed: psql gets an explicit BEGIN, and COMMIT only once the file was read to its end;
 * a failing read kills the tool before its input is closed.
 */
final class PgRestore {
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
        PgBackupReader.Kind kind;
        try {
            kind = PgBackupReader.inspect(from);
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
            Map<String, String> env = journal.context().environment();
            BackupCheck check = PgBackupReader.check(from, kind, env);
            if (!check.ok()) throw new Exception("the backup is not whole: " + check.problem() + " — nothing was run");
            InputStream in = PgBackupReader.open(from, kind.gzipped());
            List<String> argv = new ArrayList<>();
            if (kind.archive()) {
                argv.addAll(List.of(PgTools.find("pg_restore", env).toString(), "--no-password",
                        "--exit-on-error", "--single-transaction", "--dbname=" + target.libpqUri()));
                if (clean) argv.addAll(List.of("--clean", "--if-exists"));
                if (noOwner) argv.add("--no-owner");
            } else {
                argv.addAll(List.of(PgTools.find("psql", env).toString(), "--no-password", "--quiet",
                        "--no-psqlrc", "--set=ON_ERROR_STOP=1", "--dbname=" + target.libpqUri()));
                String drops = "";
                if (clean) {
                    try (InputStream scan = PgBackupReader.open(from, kind.gzipped())) {
                        drops = PlainDump.cleanStatements(PlainDump.scan(scan));
                    } catch (java.io.InterruptedIOException e) {
                        throw new InterruptedException(e.getMessage());
                    }
                    extra.put("dropped", drops.lines().count());
                }
                in = PlainDump.inTransaction(drops, in);
            }
            String tool = Path.of(argv.getFirst()).getFileName().toString();
            ExternalCommand.Result r;
            try {
                r = new ExternalCommand(argv).environment(target.toolEnvironment()).input(in).run();
            } catch (ExternalCommand.InputFailed e) {
                throw new Exception("reading " + from + " failed: " + e.getCause().getMessage() + "; " + tool
                        + " was killed before it could commit (one transaction: nothing was restored)", e);
            }
            if (r.exitCode() != 0) {
                throw new Exception(tool + " exited " + r.exitCode() + ": " + r.tail(3) + " (one transaction: nothing was restored)");
            }
            return new RestoreResult(target.getDatabase(), from, kind.format(), kind.gzipped(), clean, false);
        });
    }
}
