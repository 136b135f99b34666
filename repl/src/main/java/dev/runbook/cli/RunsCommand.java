package dev.runbook.cli;

import dev.runbook.journal.Event;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.RunStore;
import dev.runbook.report.Timeline;
import dev.runbook.lang.Durations;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import dev.runbook.term.Journals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code runbook runs}: the recent runs, newest first, with how each stands. */
@Command(name = "runs", description = "List recent runs: id, runbook, state, operator, started, duration.", mixinStandardHelpOptions = true)
public final class RunsCommand implements Callable<Integer> {
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private final Io io;

    @Option(names = "--journal", paramLabel = "DIR|URL", description = "where the runs are: a folder, or jdbc:postgresql://HOST/DB "
            + "(default: the team file's journal, else .runbook/runs)")
    String journal;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "how many runs to list (default: 20)")
    int limit;

    public RunsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        try (RunStore store = Journals.open(io, journal)) {
            return list(store);
        }
    }

    private int list(RunStore store) {
        List<String> runs = store.runIds();
        if (runs.isEmpty()) {
            io.out().println("No runs in " + store.location() + ".");
            return ExitCodes.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "RUNBOOK", "STATE", "OPERATOR", "STARTED (UTC)", "DURATION"});
        for (String id : runs.subList(0, Math.min(limit, runs.size()))) {
            try {
                List<Event> events = store.readEnds(id); // not the whole journal: 1,000 runs list in well under a second
                Timeline t = Timeline.of(events, null);
                rows.add(new String[]{t.runId(), t.runbook(), state(store, t, events), t.operator(), STARTED.format(t.startedAt()),
                        Durations.format(t.duration())});
            } catch (JournalException | IllegalArgumentException e) {
                rows.add(new String[]{id, "?", "unreadable journal", "", "", ""});
            }
        }
        print(rows);
        if (runs.size() > limit) io.out().println("(" + (runs.size() - limit) + " older runs not shown; --limit N shows more)");
        return ExitCodes.OK;
    }

    /** succeeded / failed / aborted, running, or "stopped (resume it)" for a run whose process died. */
    static String state(RunStore store, Timeline t, List<Event> events) {
        if (t.outcome() != null) return t.outcome();
        return store.stillRunning(t.runId(), events) ? "running" : "stopped (resumable)";
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
