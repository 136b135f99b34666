package dev.runbook.integrations.pg;

import dev.runbook.integrations.support.CallJournal;
import dev.runbook.integrations.support.ExternalCommand;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * {@code pg.dump}: runs pg_dump into a temporary file next to the target and moves it into place only when pg_dump
 * succeeded, so a failed dump never leaves a truncated file that looks like a backup. A target ending in
 * {@code .gz} is gzip-compressed.
 */
final class PgDump {
    private final CallJournal journal;

    PgDump(CallJournal journal) {
        this.journal = journal;
    }

    DumpResult dump(PgTarget target, Path to, String format) {
        boolean gzip = to.getFileName().toString().endsWith(".gz");
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("file", to.toString());
        extra.put("format", format);
        String what = "dump of database '" + target.getDatabase() + "'";
        if (journal.context().dryRun()) {
            journal.dryRun("dump", target.display(), extra);
            return new DumpResult(target.getDatabase(), to, format, gzip, 0, true);
        }
        return journal.call("dump", target.display(), what, extra, () -> {
            Path pgDump = PgTools.find("pg_dump", journal.context().environment());
            Path dir = to.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, "." + to.getFileName(), ".partial");
            try {
                List<String> argv = new ArrayList<>(List.of(pgDump.toString(), "--no-password",
                        "--format=" + format, "--dbname=" + target.libpqUri()));
                ExternalCommand.Result r;
                try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial));
                     OutputStream out = gzip ? new GZIPOutputStream(file) : file) {
                    r = new ExternalCommand(argv).environment(target.toolEnvironment()).output(out).run();
                }
                if (r.exitCode() != 0) throw new Exception("pg_dump exited " + r.exitCode() + ": " + r.tail(3));
                Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                long bytes = Files.size(to);
                extra.put("bytes", bytes);
                return new DumpResult(target.getDatabase(), to, format, gzip, bytes, false);
            } finally {
                Files.deleteIfExists(partial);
            }
        });
    }
}
