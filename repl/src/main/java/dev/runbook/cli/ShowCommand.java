package dev.runbook.cli;

import dev.runbook.console.Style;
import dev.runbook.engine.RunSession;
import dev.runbook.journal.Event;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunStore;
import dev.runbook.lang.Durations;
import dev.runbook.report.Timeline;
import dev.runbook.term.RunLookup;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import dev.runbook.term.JournalIntegrity;
import dev.runbook.term.Journals;
import dev.runbook.term.Styles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code runbook show RUN}: the run's timeline, from its journal. */
@Command(name = "show", description = "Show a run's timeline: every step, gate, approval and manual action, the failure and the handlers.",
        mixinStandardHelpOptions = true)
public final class ShowCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private final Io io;

    @Parameters(index = "0", paramLabel = "RUN", description = "the run id (or a unique start of it)")
    String run;

    @Option(names = "--journal", paramLabel = "DIR|URL", description = "where the runs are: a folder, or jdbc:postgresql://HOST/DB "
            + "(default: the team file's journal, else .runbook/runs)")
    String journal;

    public ShowCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        try (RunStore store = Journals.open(io, journal)) {
            return show(store);
        }
    }

    private int show(RunStore store) {
        Optional<String> id = RunLookup.find(io, store, run);
        if (id.isEmpty()) return ExitCodes.BAD_INPUT;
        JournalReader.Contents contents = store.readTimeline(id.get());
        if (contents.tornLine() != null) io.err().println("runbook: warning: " + contents.tornLine());
        JournalIntegrity.warn(io.err(), id.get(), contents);
        Style s = Styles.of(io);
        boolean altered = JournalIntegrity.altered(contents);
        // what the chain vouches for is shown as the run's history; what follows an alteration only as unverified text
        List<Event> facts = JournalIntegrity.verified(contents);
        if (altered) io.out().println(s.red("⚠ " + contents.integrity().message()));
        if (altered && facts.isEmpty()) {
            printUnverified(s, contents);
            return ExitCodes.ENVIRONMENT;
        }
        Optional<Timeline> timeline = RunLookup.timeline(io, store, id.get(), facts, "show");
        if (timeline.isEmpty()) return ExitCodes.ENVIRONMENT;
        Timeline t = timeline.get();
        String state = altered ? "unverified" : RunsCommand.state(store, t, contents.events());
        io.out().println(s.bold("Run " + t.runId()) + " · " + t.runbook() + " · " + state);
        io.out().println("  severity " + t.severity() + " · operator " + t.operatorAndOsUser() + " · approvers "
                + (t.approvers().isEmpty() ? "none" : String.join(", ", t.approvers())) + (t.osUser() == null ? " · host " + t.host() : ""));
        io.out().println("  started " + DATE_TIME.format(t.startedAt()) + " · took " + Durations.format(t.duration())
                + (t.params().isEmpty() ? "" : " · params " + t.params()));
        var locks = facts.stream().filter(e -> e.type().equals(RunSession.EVENT_LOCK_ACQUIRED)).map(e -> e.str("key"))
                .distinct().toList();
        if (!locks.isEmpty()) io.out().println("  locks " + String.join(", ", locks));
        io.out().println();
        for (Timeline.Entry e : t.entries()) {
            String took = e.durationMs() == null ? "" : Durations.format(Duration.ofMillis(e.durationMs()));
            if (e.expectedMs() != null) took += " (expected " + Durations.format(Duration.ofMillis(e.expectedMs())) + ")";
            String status = switch (e.status()) {
                case "ok", "confirmed", "granted" -> s.green(e.status());
                case "failed", "aborted", "denied", "declined", "refused" -> s.red(e.status());
                case "unknown" -> s.yellow("outcome unknown");
                default -> e.status();
            };
            io.out().println(TIME.format(e.at()) + "  " + String.format("%-9s", e.kind()) + " " + e.name() + "  " + status
                    + (took.isEmpty() ? "" : "  " + took) + (e.overdue() ? s.yellow(" ⚠ over expected") : ""));
            if (e.detail() != null && !e.detail().isBlank()) io.out().println("                     " + s.dim(e.detail()));
        }
        // the journal keeps a head and a tail of a flood of output; the whole of it is a file in the run's folder
        facts.stream().filter(e -> e.type().equals(dev.runbook.journal.EventTypes.STEP_OUTPUT_CUT)).forEach(e ->
                io.out().println(s.dim("  output of '" + e.str("step") + "'" + (e.get("fanOutTarget") == null ? "" : " on " + e.str("fanOutTarget"))
                        + ": " + e.num("linesCut") + " lines left out of the journal; all of it: "
                        + store.runDir(id.get()).resolve(e.str("file")))));
        io.out().println();
        if (t.failedStep() != null) io.out().println(s.red("Failed at '" + t.failedStep() + "': " + t.error()));
        // a handler that failed did not do what the runbook promised on failure: said at the end, not only in the list
        t.handlers().stream().filter(h -> "failed".equals(h.status())).forEach(h -> io.out().println(s.red("⚠ handler failed — "
                + h.kind() + (h.step() != null ? " of '" + h.step() + "'" : "") + ": " + h.error())));
        if (t.outcome() == null && state.startsWith("stopped")) {
            io.out().println(s.yellow("The run did not finish and its process is gone. To go on: runbook resume " + t.runId()));
        } else if ("failed".equals(t.outcome()) || "aborted".equals(t.outcome())) {
            io.out().println("To go on from the failed step: runbook resume " + t.runId());
        }
        if (altered) printUnverified(s, contents);
        io.out().println(s.dim("  journal " + store.journalOf(id.get())));
        return altered ? ExitCodes.ENVIRONMENT : ExitCodes.OK;
    }

    private void printUnverified(Style s, JournalReader.Contents contents) {
        io.out().println(s.yellow("Unverified — the journal now reads, from event " + contents.integrity().alteredAt() + " on:"));
        for (Event e : JournalIntegrity.unverified(contents)) io.out().println("  " + s.dim(JournalIntegrity.describe(e)));
    }
}
