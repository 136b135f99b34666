package dev.runbook.cli;

import dev.runbook.journal.Event;
import dev.runbook.journal.EventTypes;
import dev.runbook.journal.FileJournal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The runs under {@code --journal DIR} (default {@code .runbook/runs}): one folder per run, named by its id. */
final class RunFolders {
    static final Path DEFAULT = Path.of(".runbook", "runs");

    private RunFolders() {}

    static Path root(Path journal) {
        return journal != null ? journal : DEFAULT;
    }

    /** Every run folder that holds a journal, newest first (ids begin with their UTC start time). */
    static List<Path> all(Path root) throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(FileJournal.FILE_NAME)))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        }
    }

    /** The run whose id is {@code run} or starts with it; says what is wrong on {@code io.err()} otherwise. */
    static Optional<Path> find(Io io, Path root, String run) throws IOException {
        if (!Files.isDirectory(root)) {
            io.err().println("runbook: no runs in " + root + " — pass --journal DIR where the runs were journaled");
            return Optional.empty();
        }
        List<Path> matches = all(root).stream().filter(p -> p.getFileName().toString().startsWith(run)).toList();
        Optional<Path> exact = matches.stream().filter(p -> p.getFileName().toString().equals(run)).findFirst();
        if (exact.isPresent()) return exact;
        if (matches.size() == 1) return Optional.of(matches.get(0));
        io.err().println(matches.isEmpty() ? "runbook: no run " + run + " in " + root + " — `runbook runs` lists them"
                : "runbook: '" + run + "' matches " + matches.size() + " runs; give more of the id");
        return Optional.empty();
    }

    /**
     * Whether the process that last wrote this run (its start, or its latest resume) is still alive on this host.
     * A run with no end whose process is gone has crashed and can be resumed.
     */
    static boolean stillRunning(List<Event> events) {
        Event writer = null;
        for (Event e : events) {
            if (e.type().equals(EventTypes.RUN_STARTED) || e.type().equals("run.resumed")) writer = e;
            if (e.type().equals(EventTypes.RUN_FINISHED)) writer = null;
        }
        if (writer == null || writer.get("pid") == null) return false;
        String host = writer.str("host");
        if (host != null && !host.equals(thisHost())) return true; // cannot tell from here: assume it runs
        long pid = writer.num("pid");
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String thisHost() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return Files.readString(Path.of("/etc/hostname")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
