package dev.runbook.cli;

import dev.runbook.journal.Event;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.JournalReader;
import dev.runbook.report.Timeline;
import dev.runbook.lang.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code runbook runs}: the recent runs, newest first, with how each stands. */
@Command(name = "runs", description = "List recent runs: id, runbook, state, operator, started, duration.", mixinStandardHelpOptions = true)
final class RunsCommand implements Callable<Integer> {
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private final Io io;

    @Option(names = "--journal", paramLabel = "DIR", description = "the folder of runs (default: .runbook/runs)")
    Path journal;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "how many runs to list (default: 20)")
    int limit;

    RunsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        Path root = RunFolders.root(journal);
        List<Path> runs = RunFolders.all(root);
        if (runs.isEmpty()) {
            io.out().println("No runs in " + root + ".");
            return ExitCodes.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "RUNBOOK", "STATE", "OPERATOR", "STARTED (UTC)", "DURATION"});
        for (Path dir : runs.subList(0, Math.min(limit, runs.size()))) {
            try {
                List<Event> events = JournalReader.read(dir);
                Timeline t = Timeline.of(events, null);
                rows.add(new String[]{t.runId(), t.runbook(), state(t, events), t.operator(), STARTED.format(t.startedAt()),
                        Durations.format(t.duration())});
            } catch (JournalException | IllegalArgumentException e) {
                rows.add(new String[]{dir.getFileName().toString(), "?", "unreadable journal", "", "", ""});
            }
        }
        print(rows);
        if (runs.size() > limit) io.out().println("(" + (runs.size() - limit) + " older runs not shown; --limit N shows more)");
        return ExitCodes.OK;
    }

    /** succeeded / failed / aborted, running, or "stopped (resume it)" for a run whose process died. */
    static String state(Timeline t, List<Event> events) {
        if (t.outcome() != null) return t.outcome();
        return RunFolders.stillRunning(events) ? "running" : "stopped (resumable)";
    }

    private void print(List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i] == null ? 0 : r[i].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String cell = r[i] == null ? "" : r[i];
                line.append(i == r.length - 1 ? cell : String.format("%-" + (w[i] + 2) + "s", cell));
            }
            io.out().println(line.toString().stripTrailing());
        }
    }
}
