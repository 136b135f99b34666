package dev.runbook.repl;

import dev.runbook.console.PlanRenderer;
import dev.runbook.console.Style;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * The REPL's commands: one picocli command tree parses them, lists them in {@code help} and tells the completer
 * what each argument is (its label: STEP, NAME, FILE).
 */
@Command(name = "repl", description = "Commands at the runbook prompt; any other line is Groovy, run in the run's context.")
final class ReplCommands {
    private final Repl repl;
    private final RunDriver driver;
    private final Stepping stepping;
    private final RunViews views;
    private final PrintStream out;
    private final Style style;

    ReplCommands(Repl repl, RunDriver driver, Stepping stepping, RunViews views, PrintStream out, Style style) {
        this.repl = repl;
        this.driver = driver;
        this.stepping = stepping;
        this.views = views;
        this.out = out;
        this.style = style;
    }

    static CommandLine tree(ReplCommands commands) {
        CommandLine cl = new CommandLine(commands);
        cl.setOut(new java.io.PrintWriter(commands.out, true));
        cl.setErr(new java.io.PrintWriter(commands.out, true));
        cl.setParameterExceptionHandler((ex, args) -> {
            commands.out.println(commands.style.red("✗ ") + ex.getMessage() + " — help " + ex.getCommandLine().getCommandName()
                    + " shows how to use it");
            return 2;
        });
        return cl;
    }

    @Command(name = "load", description = "Load a runbook file; its run opens when the params are valid.")
    void load(@Parameters(paramLabel = "FILE") Path file,
              @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE") Map<String, String> params) {
        if (driver.inProgress() && file.toAbsolutePath().normalize().equals(driver.file().toAbsolutePath().normalize())) {
            out.println("load starts a new run of " + file + "; reload takes in the edited file and goes on with this run.");
        }
        if (driver.inProgress() && !repl.asker().yes("A run is in progress; abort it and load " + file + "?", false)) return;
        driver.load(file, params == null ? new LinkedHashMap<>() : params);
    }

    @Command(name = "reload", description = "Take in the edited file, keeping the finished steps and the params it still declares.")
    void reload(@Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE") Map<String, String> params) {
        repl.reentry().reload(params == null ? Map.of() : params);
    }

    @Command(name = "params", description = "The runbook's params and their values.")
    void params() { views.showParams(); }

    @Command(name = "set", description = "Change a param (checked like -p; an invalid value changes nothing).")
    void set(@Parameters(index = "0", paramLabel = "NAME") String name, @Parameters(index = "1", paramLabel = "VALUE") String value) {
        driver.set(name, value);
    }

    @Command(name = "plan", description = "What would run: steps, gates, approvals, options, commands.")
    void plan() {
        driver.runbook().ifPresentOrElse(rb -> new PlanRenderer(out, style).render(rb), this::noRunbook);
    }

    @Command(name = "next", description = "Run the next step.")
    void next() { stepping.next(); }

    @Command(name = "run", description = "Run to the end or to a break; run STEP runs just that step.")
    void run(@Parameters(arity = "0..*", paramLabel = "STEP") List<String> step) {
        if (step == null || step.isEmpty()) stepping.runOn();
        else withStep(step, stepping::runOnly);
    }

    @Command(name = "break", description = "Set or clear a breakpoint before a step (run stops there).")
    void breakAt(@Parameters(arity = "1..*", paramLabel = "STEP") List<String> step) { withStep(step, stepping::toggleBreak); }

    @Command(name = "skip", description = "Skip the next step, or the step named.")
    void skip(@Parameters(arity = "0..*", paramLabel = "STEP") List<String> step) {
        if (step == null || step.isEmpty()) stepping.skip(driver.position().cursor());
        else withStep(step, stepping::skip);
    }

    @Command(name = "retry", description = "Run again the step that failed last.")
    void retry() { stepping.retry(); }

    @Command(name = "goto", description = "Make STEP the next step (asks before jumping over steps that did not run).")
    void goTo(@Parameters(arity = "1..*", paramLabel = "STEP") List<String> step) { withStep(step, stepping::goTo); }

    @Command(name = "status", description = "Every step: pending, ok, failed, skipped; durations.")
    void status() { views.status(); }

    @Command(name = "log", description = "What a step printed (default: the step run last).")
    void log(@Parameters(arity = "0..*", paramLabel = "STEP") List<String> step) {
        if (step == null || step.isEmpty()) views.log(-1);
        else withStep(step, views::log);
    }

    @Command(name = "approve", description = "Answer the next approval point as NAME (ROLE where the team has no roster).")
    void approve(@Parameters(index = "0", paramLabel = "APPROVER") String name,
                 @Parameters(index = "1", arity = "0..1", paramLabel = "ROLE") String role) {
        stepping.approve(role == null ? name : name + " " + role);
    }

    @Command(name = "abort", description = "End the run as aborted (its onFailure and always run).")
    void abort() { stepping.abort(); }

    @Command(name = "journal", description = "The run's journal so far: the last screenful, or -n N lines, or --all (paged on a terminal).")
    void journal(@Option(names = {"-n", "--lines"}, paramLabel = "N") Integer lines,
                 @Option(names = {"-a", "--all"}) boolean all) {
        Pager pager = repl.pager();
        pager.show(views.journal(all ? -1 : lines != null ? Math.max(0, lines) : pager.screenful() - 2));
    }

    @Command(name = "history", description = "The lines typed at this prompt (kept across sessions).")
    void history() { repl.printHistory(); }

    @Command(name = "trace", description = "The stack of the last error, at the runbook's own lines (--all: every frame).")
    void trace(@Option(names = {"-a", "--all"}) boolean all) { repl.printTrace(all); }

    @Command(name = "help", description = "This list; help COMMAND for one command.")
    void help(@Parameters(arity = "0..1", paramLabel = "COMMAND") String command) { repl.printHelp(command); }

    @Command(name = "exit", aliases = "quit", description = "Leave (asks when a run is in progress).")
    void exit() { repl.requestExit(); }

    private void withStep(List<String> words, IntConsumer action) {
        String text = String.join(" ", words);
        if (driver.runbook().isEmpty()) {
            noRunbook();
            return;
        }
        Optional<Integer> index = driver.find(text);
        if (index.isEmpty()) {
            out.println(style.red("✗ ") + "no step '" + text + "' — " + dev.runbook.diag.Suggestions.didYouMean(text,
                    driver.nodeNames(), "the steps are: " + String.join(", ", driver.nodeNames())));
            return;
        }
        action.accept(index.get());
    }

    private void noRunbook() {
        out.println("No runbook loaded — load FILE first.");
    }
}
