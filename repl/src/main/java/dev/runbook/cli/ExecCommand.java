package dev.runbook.cli;

import dev.runbook.compile.RunbookCompiler;
import dev.runbook.compile.TeamFiles;
import dev.runbook.model.Team;
import dev.runbook.console.Style;
import dev.runbook.engine.Clock;
import dev.runbook.engine.Integrations;
import dev.runbook.engine.Operator;
import dev.runbook.engine.RunOptions;
import dev.runbook.engine.RunResult;
import dev.runbook.engine.RunSession;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Runbook;
import dev.runbook.model.Severity;
import dev.runbook.term.Compilers;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import dev.runbook.term.Journals;
import dev.runbook.term.RunPlaceOptions;
import dev.runbook.term.SessionHook;
import dev.runbook.term.Styles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "exec", description = "Run a runbook.", mixinStandardHelpOptions = true)
public final class ExecCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "FILE", description = "the runbook file")
    Path file;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "a param value; repeat for each")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--severity", paramLabel = "P0..P3", converter = SeverityOption.class,
            description = "this incident's severity (default: the runbook's)")
    Severity severity;

    @Option(names = "--dry-run", description = "run no command: print each one that would run, evaluating when: conditions")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "confirm manual items without asking (CI, automation); "
            + "a confirm word still needs --confirm WORD")
    boolean yes;

    @Option(names = "--confirm", paramLabel = "WORD", split = ",",
            description = "type this confirm word up front (repeat for each); without it and without a terminal, "
                    + "a runbook that asks for a word is refused (exit 3)")
    java.util.List<String> confirmWords = new java.util.ArrayList<>();

    @Mixin
    RunPlaceOptions place = new RunPlaceOptions();

    @Option(names = "--approved-by", paramLabel = "NAME", split = ",",
            description = "pre-approved automation: approvers given up front, still checked against the team policy "
                    + "(NAME:ROLE where there is no team roster)")
    java.util.List<String> approvedBy = new java.util.ArrayList<>();

    @Option(names = "--team", paramLabel = "FILE", description = "the team file (default: runbook.team.groovy or "
            + ".runbook/team.groovy beside the runbook or above it, else the built-in policy)")
    Path teamFile;

    @Option(names = "--step", description = "ask before each step: yes / no (skip it) / continue without asking / abort, "
            + "like ansible-playbook --step")
    boolean step;

    @Option(names = "--start-at", paramLabel = "STEP", description = "start at this step (name or number); "
            + "the ones before it are skipped and journaled as skipped")
    String startAt;

    public ExecCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        RunbookCompiler compiler = Compilers.of(io);
        // loaded on the warm-up thread while picocli parsed, when Main could tell the file from the command line
        Runbook runbook = RunbookPreload.take(file).orElseGet(() -> compiler.compile(file));
        Team team = TeamFiles.load(teamFile, file, Path.of(""), compiler);
        Style style = Styles.of(io);
        Operator op = Operator.typing(yes ? Operator.YES : io.stdinTerminal() ? new ConsoleOperator(io, style) : Operator.NOBODY,
                confirmWords);
        try (RunStore store = Journals.open(io, place.journal(), team)) {
            RunOptions options = place.applyTo(RunOptions.defaults(params)
                    .withEnvironment(io.env())
                    .withSeverity(severity)
                    .withDryRun(dryRun)
                    .withStore(store)
                    .withApprovedBy(approvedBy));
            return run(runbook, options, op, team, style, store);
        }
    }

    private int run(Runbook runbook, RunOptions options, Operator op, Team team, Style style, RunStore store) {
        Duration lockWait = place.lockWait();
        if (lockWait != null && !runbook.locks().isEmpty()) {
            io.out().println(style.dim("  taking locks " + runbook.locks().stream().map(l -> l.resolve(params)).toList()
                    + " (waiting up to " + dev.runbook.lang.Durations.format(lockWait) + " if another run holds one)"));
        }
        try (SessionHook hook = SessionHook.attach(io, RunSession.open(runbook, options, op, Clock.SYSTEM,
                Integrations.discover(ExecCommand.class.getClassLoader()), team), style)) {
            RunSession session = hook.session();
            RunResult result;
            try {
                result = step || startAt != null ? runStepwise(session, runbook, op) : session.runToEnd();
            } catch (JournalException e) {
                return hook.journalLost(e);
            }
            if (result == null) return ExitCodes.BAD_INPUT;
            io.out().println(style.dim("  journal " + store.journalOf(result.runId())));
            return result.exitCode();
        }
    }

    /** --step and --start-at: node by node, skipping the ones before the start and the ones the operator declines. */
    private RunResult runStepwise(RunSession session, Runbook runbook, Operator op) {
        int start = 0;
        if (startAt != null) {
            var names = runbook.nodes().stream().map(dev.runbook.model.Node::name).toList();
            start = startAt.matches("\\d+") ? Integer.parseInt(startAt) - 1 : names.indexOf(startAt);
            if (start < 0 || start >= names.size()) {
                io.err().println("runbook: --start-at " + startAt + ": no such step — "
                        + dev.runbook.diag.Suggestions.didYouMean(startAt, names, "the steps are: " + String.join(", ", names)));
                return null;
            }
        }
        session.start();
        boolean asking = step;
        StepQuestion question = new StepQuestion(io, op);
        for (int i = 0; i < runbook.nodes().size(); i++) {
            if (i < start) {
                session.skipNode(i, "before --start-at " + startAt);
                continue;
            }
            if (asking) {
                switch (question.ask(runbook.nodes().get(i).name())) {
                    case NO -> {
                        session.skipNode(i, "declined at --step");
                        continue;
                    }
                    case CONTINUE -> asking = false;
                    case ABORT -> {
                        return session.abort(runbook.nodes().get(i).name(), "aborted by the operator at --step");
                    }
                    case YES -> { }
                }
            }
            if (!session.runNode(i)) break;
        }
        return session.finish();
    }
}
