package dev.runbook.cli;

import dev.runbook.compile.RunbookCompiler;
import dev.runbook.compile.TeamFiles;
import dev.runbook.console.Style;
import dev.runbook.diag.Suggestions;
import dev.runbook.engine.Clock;
import dev.runbook.engine.Integrations;
import dev.runbook.engine.Operator;
import dev.runbook.engine.RunHistory;
import dev.runbook.engine.RunOptions;
import dev.runbook.engine.RunResult;
import dev.runbook.engine.RunSession;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.JournalReader;
import dev.runbook.model.Include;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Node;
import dev.runbook.model.Runbook;
import dev.runbook.model.ForEach;
import dev.runbook.model.Parallel;
import dev.runbook.model.Step;
import dev.runbook.model.Team;
import dev.runbook.term.RunLookup;
import dev.runbook.term.RunbookChanges;
import dev.runbook.term.Compilers;
import dev.runbook.term.DurationOption;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import dev.runbook.term.JournalIntegrity;
import dev.runbook.term.Journals;
import dev.runbook.term.SessionHook;
import dev.runbook.term.Styles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code runbook resume RUN}: goes on with a run that crashed, failed or was stopped. The journal is replayed:
 * finished steps are not run again; a step that was running when the process died has an unknown outcome and runs
 * again only when it is {@code idempotent} — otherwise the operator decides, and {@code --yes} never decides for them.
 */
@Command(name = "resume", description = "Go on with a run that crashed, failed or was stopped, from its journal.",
        mixinStandardHelpOptions = true)
public final class ResumeCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "RUN", description = "the run id (or a unique start of it)")
    String run;

    @Option(names = "--from", paramLabel = "STEP", description = "start at this step (it and every later one run again)")
    String from;

    @Option(names = {"-y", "--yes"}, description = "confirm manual items without asking; never decides about a step whose outcome is unknown")
    boolean yes;

    @Option(names = "--confirm", paramLabel = "WORD", split = ",", description = "type this confirm word up front (as exec)")
    List<String> confirmWords = new java.util.ArrayList<>();

    @Option(names = "--force", description = "resume although the runbook file changed since the run started")
    boolean force;

    @Option(names = "--mark-done", paramLabel = "STEP", description = "the step whose outcome is unknown did its work: do not run it again")
    String markDone;

    @Option(names = "--rerun", paramLabel = "STEP", description = "run the step whose outcome is unknown again")
    String rerun;

    @Option(names = "--journal", paramLabel = "DIR|URL", description = "where the runs are: a folder, or jdbc:postgresql://HOST/DB "
            + "(default: the team file's journal, else .runbook/runs)")
    String journal;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationOption.class,
            description = "queue up to this long (90s, 5m) for a lock another run took meanwhile, instead of being refused")
    java.time.Duration lockWait;

    @Option(names = "--operator", paramLabel = "NAME", description = "who resumes (default: the OS user)")
    String operator;

    @Option(names = "--approved-by", paramLabel = "NAME", split = ",", description = "approvers given up front, as for exec")
    List<String> approvedBy = new java.util.ArrayList<>();

    @Option(names = "--team", paramLabel = "FILE", description = "the team file (default: found as for exec)")
    Path teamFile;

    @Option(names = "--accept-altered-journal", description = "resume although the journal's integrity chain shows it was "
            + "altered (refused otherwise, exit 4); said on the console and in the journal")
    boolean acceptAltered;

    public ResumeCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        try (RunStore store = Journals.open(io, journal)) {
            return resume(store);
        }
    }

    private int resume(RunStore store) {
        Optional<String> found = RunLookup.find(io, store, run);
        if (found.isEmpty()) return ExitCodes.BAD_INPUT;
        String id = found.get();
        JournalReader.Contents contents = store.read(id);
        if (contents.tornLine() != null) io.err().println("runbook: warning: " + contents.tornLine());
        if (JournalIntegrity.altered(contents) && !acceptAltered) {
            io.err().println("runbook: cannot resume " + id + ": " + contents.integrity().message() + " (" + store.journalOf(id) + ")");
            io.err().println("A resume replays the journal as history. Look at it with runbook show " + id
                    + "; to resume from it anyway, --accept-altered-journal (said in the journal).");
            return ExitCodes.ENVIRONMENT;
        }
        if (JournalIntegrity.altered(contents)) {
            io.out().println("! " + contents.integrity().message() + " — resumed anyway (--accept-altered-journal)");
        } else {
            JournalIntegrity.warn(io.err(), id, contents);
        }
        RunHistory history;
        if (RunLookup.timeline(io, store, id, contents.events(), "resume").isEmpty()) return ExitCodes.ENVIRONMENT;
        try {
            history = RunHistory.of(contents.events());
        } catch (IllegalArgumentException e) {
            io.err().println("runbook: cannot resume " + id + ": " + e.getMessage() + " (" + store.journalOf(id) + ")");
            return ExitCodes.ENVIRONMENT;
        }
        if (store.stillRunning(id, contents.events())) {
            // the same words as the store's own refusal (RunOwnedException), when two resumes race past this check
            io.err().println("runbook: run " + id + " is held by " + lastWriter(contents)
                    + " — one process at a time runs a run: wait for it to end, or stop that process");
            return ExitCodes.ENVIRONMENT;
        }
        if ("succeeded".equals(history.outcome()) && from == null) {
            io.out().println("Run " + id + " already succeeded; nothing to resume. (--from STEP runs steps again.)");
            return ExitCodes.OK;
        }
        Path file = runbookFile(history);
        if (!Files.isRegularFile(file)) {
            io.err().println("runbook: the runbook of run " + id + " is not at " + file + " any more; resume it from the folder it was run in");
            return ExitCodes.BAD_INPUT;
        }
        RunbookCompiler compiler = Compilers.of(io);
        Runbook runbook = compiler.compile(file);
        if (!runbook.contentHash().equals(history.contentHash())) {
            List<String> changes = RunbookChanges.describe(compiler, runbook, file, store.sourceCopy(id).orElse(null), history.nodeNames());
            if (!force) {
                io.err().println("runbook: " + file + " changed since run " + id + " started:");
                changes.forEach(c -> io.err().println("  " + c));
                io.err().println("Resume with the file as it is now with --force (finished steps are still not run again), "
                        + "or put the file back as it was.");
                return ExitCodes.BAD_INPUT;
            }
            io.out().println("! " + file + " changed since the run started (--force):");
            changes.forEach(c -> io.out().println("    " + c));
        }
        List<String> names = runbook.nodes().stream().map(Node::name).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        if (JournalIntegrity.altered(contents)) details.put("alteredJournalAccepted", contents.integrity().message());
        String by = operator != null ? operator : System.getProperty("user.name", "unknown");
        details.put("by", by);
        Style style = Styles.of(io);
        boolean terminal = io.stdinTerminal() && !yes;
        ConsoleOperator console = terminal ? new ConsoleOperator(io, style) : null;
        int index;
        String markedDone = null;
        if (from != null) {
            index = names.indexOf(from);
            if (index < 0) {
                io.err().println("runbook: --from '" + from + "': no such step in " + runbook.name() + " — "
                        + Suggestions.didYouMean(from, names, "its steps: " + String.join(", ", names)));
                return ExitCodes.BAD_INPUT;
            }
            details.put("decision", "--from " + from);
        } else {
            // the first node of the runbook as it is now that the run did not finish (a node the run did not have counts)
            index = names.size();
            for (int i = 0; i < names.size(); i++) {
                RunHistory.NodeRecord r = history.nodes().get(names.get(i));
                if (r == null || r.state() != RunHistory.NodeState.DONE) {
                    index = i;
                    break;
                }
            }
            // the node at index, as the journal left it (null: the file has a node the run did not know)
            RunHistory.NodeRecord rec = index < names.size() ? history.nodes().get(names.get(index)) : null;
            if (rec != null && rec.state() == RunHistory.NodeState.UNKNOWN) {
                Node node = runbook.nodes().get(index);
                boolean idempotent = node.safeToRunAgain();
                String what = node.kind() + " '" + node.name() + "'";
                io.out().println(style.yellow("? " + what + " was running when the run stopped: its outcome is unknown."));
                int earlier = history.countDoneEarlier(node.name());
                if (node instanceof ForEach && earlier > 0) {
                    io.out().println("  " + earlier + " of its targets finished ok before: not run again, whatever is decided for the others.");
                }
                for (String flagged : new String[]{markDone, rerun}) {
                    if (flagged != null && !flagged.equals(node.name())) {
                        io.err().println("runbook: '" + flagged + "' is not a step whose outcome is unknown in run " + id
                                + "; the one whose outcome is unknown is '" + node.name() + "'");
                        return ExitCodes.BAD_INPUT;
                    }
                }
                String decision;
                if (node.name().equals(markDone)) decision = "done";
                else if (node.name().equals(rerun)) decision = "rerun";
                else if (idempotent) {
                    decision = "rerun";
                    io.out().println("  " + (node instanceof Step || node instanceof Parallel || node instanceof ForEach ? "It is idempotent"
                            : node instanceof Include ? "Every step it includes is idempotent" : "Waiting or asking again is safe") + ": it runs again.");
                } else if (console != null) {
                    decision = ask(console, what);
                } else {
                    io.err().println("runbook: " + what + " is not idempotent and may or may not have done its work; resume will not guess.");
                    io.err().println("Check what it did (runbook show " + id + "), then run one of:");
                    // the same journal as this command's, or the hint resumes a run it cannot find
                    String where = journal == null ? "" : " --journal '" + dev.runbook.journal.Locations.redact(journal) + "'";
                    io.err().println("  runbook resume " + id + where + " --mark-done '" + node.name() + "'   (it did its work: go on after it)");
                    io.err().println("  runbook resume " + id + where + " --rerun '" + node.name() + "'       (run it again)");
                    return ExitCodes.BAD_INPUT;
                }
                if (decision.equals("abort")) {
                    io.out().println("Not resumed; run " + id + " stays as it was.");
                    return ExitCodes.ABORTED;
                }
                details.put("decision", (decision.equals("done") ? "marked done: " : "runs again: ") + node.name());
                if (decision.equals("done")) markedDone = node.name();
            }
        }
        for (String flagged : new String[]{markDone, rerun}) {
            if (flagged != null && !details.getOrDefault("decision", "").toString().endsWith(": " + flagged)) {
                io.err().println("runbook: '" + flagged + "' is not a step whose outcome is unknown in run " + id + "; nothing to decide about it");
                return ExitCodes.BAD_INPUT;
            }
        }
        Team team = TeamFiles.load(teamFile, file, Path.of(""), compiler);
        Operator op = Operator.typing(yes ? Operator.YES : console != null ? console : Operator.NOBODY, confirmWords);
        RunOptions options = RunOptions.defaults(Map.of())
                .withEnvironment(io.env())
                .withStore(store)
                .withLockWait(lockWait)
                .withApprovedBy(approvedBy);
        int start = markedDone != null ? index + 1 : index;
        // the nodes of the runbook only: the history also follows the steps inside parallel blocks
        long done = names.stream().map(n -> history.nodes().get(n))
                .filter(n -> n != null && n.state() == RunHistory.NodeState.DONE).count();
        io.out().println(style.bold("Resuming run " + id) + " (" + runbook.name() + ", started " + history.startedAt() + " by "
                + history.operator() + ")");
        io.out().println("  " + done + " of " + names.size() + " done earlier, not run again"
                + (markedDone != null ? "; marked done: '" + markedDone + "'" : "")
                + (start < names.size() ? "; going on from '" + names.get(start) + "'" : "; only the handlers are left"));
        if (start < names.size() && runbook.nodes().get(start) instanceof ForEach f) {
            int earlier = history.countDoneEarlier(f.name());
            if (earlier > 0) io.out().println("  its targets that finished ok before (" + earlier + ") are not run again");
        }
        try (SessionHook hook = SessionHook.attach(io, RunSession.resume(runbook, options, op, Clock.SYSTEM,
                Integrations.discover(ResumeCommand.class.getClassLoader()), team, history, contents.validBytes()), style)) {
            RunSession session = hook.session();
            if (markedDone != null) {
                session.markDone(markedDone, by);
                index++;
            }
            RunResult result;
            try {
                result = session.resumeFrom(index, details);
            } catch (JournalException e) {
                return hook.journalLost(e);
            }
            io.out().println(style.dim("  journal " + store.journalOf(id)));
            return result.exitCode();
        }
    }

    /** Re-run, mark done, or abort: the operator knows what the step does; the tool does not guess. */
    private String ask(ConsoleOperator console, String what) {
        while (true) {
            String line = console.askLine(what + " is not idempotent. [r] run it again · [m] mark it done (it did its work) · [a] abort", () -> false);
            if (line == null) return "abort";
            switch (line.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "r", "rerun", "re-run" -> { return "rerun"; }
                case "m", "done", "mark done" -> { return "done"; }
                case "a", "abort" -> { return "abort"; }
                default -> io.out().println("      answer r, m or a");
            }
        }
    }

    /** The runbook file as the run named it, relative to the folder the run was started in. */
    private static Path runbookFile(RunHistory history) {
        Path f = Path.of(history.file());
        return f.isAbsolute() ? f : Path.of(history.cwd() == null ? "" : history.cwd()).resolve(f);
    }

    /** "process 4242 on web-1 since 2026-…Z": the run's latest start or resume, which wrote its pid and host. */
    private static String lastWriter(JournalReader.Contents contents) {
        var writer = contents.events().stream().filter(e -> e.get("pid") != null).reduce((a, b) -> b);
        return writer.map(e -> "process " + e.str("pid") + " on " + e.str("host") + " since " + e.at()).orElse("another process");
    }
}
