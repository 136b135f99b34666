package dev.runbook.repl;

import dev.runbook.compile.RunbookCompiler;
import dev.runbook.console.Style;
import dev.runbook.diag.Problem;
import dev.runbook.diag.RunbookProblemsException;
import dev.runbook.engine.Clock;
import dev.runbook.engine.Inputs;
import dev.runbook.engine.Integrations;
import dev.runbook.engine.RunOptions;
import dev.runbook.engine.RunResult;
import dev.runbook.engine.RunSession;
import dev.runbook.engine.StepStatus;
import dev.runbook.journal.EventTypes;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.LockBusyException;
import dev.runbook.model.Node;
import dev.runbook.model.Runbook;
import dev.runbook.model.Team;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.SessionHook;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One runbook in the REPL and its run: which file is loaded (now, or in the background), its params, the run that
 * opens as soon as they are valid (so its journal holds everything the operator does from then on), and how that run
 * ends: finished, left, replaced by another file, or stopped by a journal that fails. The operator's moves through
 * the run are {@link Stepping}'s; what the prompt and the looking commands show is {@link RunViews}'.
 */
public final class RunDriver {
    private final PrintStream out;
    private final Style style;
    private final Integrations integrations;
    private final RunOptions baseOptions;
    private final ReplOperator operator;
    private final RunbookLoading loading;
    private final Position position = new Position();

    private Runbook runbook;
    private Path file;
    private Team team;
    /** The file's text and stamp as loaded: the prompt notices an edit, and reload shows what changed. */
    private LoadedFile loaded = LoadedFile.NONE;
    private final Map<String, String> given = new LinkedHashMap<>();
    private RunSession session;
    /** The run hooked to the REPL's output; also says where the run stopped if its journal fails. */
    private SessionHook hook;
    /** The run's journal failed: the run cannot go on in this process (its session is closed). */
    private JournalException journalFailure;
    /** An approval of the run was denied (at the prompt or from another terminal). */
    private volatile boolean approvalDenied;

    RunDriver(PrintStream out, Style style, RunbookCompiler compiler, Integrations integrations, RunOptions baseOptions,
              Path teamFile, Asker asker, Runnable interruptRun) {
        this.out = out;
        this.style = style;
        this.integrations = integrations;
        this.baseOptions = baseOptions;
        this.operator = new ReplOperator(asker, interruptRun);
        this.loading = new RunbookLoading(compiler, teamFile);
    }

    // ---- what the prompt, the views and the completer read --------------------------------------------------------

    public Optional<Runbook> runbook() { return Optional.ofNullable(runbook); }
    public Optional<RunSession> session() { return Optional.ofNullable(session); }
    Position position() { return position; }
    Map<String, String> given() { return given; }
    ReplOperator operator() { return operator; }
    Path file() { return file; }

    /** An approval of the run was denied: the run ends as aborted. */
    boolean approvalDenied() { return approvalDenied; }

    /** The run's journal failed: nothing more runs in this run. */
    boolean journalLost() { return journalFailure != null; }

    public List<String> nodeNames() {
        return runbook == null ? List.of() : runbook.nodes().stream().map(Node::name).toList();
    }

    public List<String> paramNames() {
        return runbook == null ? List.of() : runbook.params().stream().map(p -> p.name()).toList();
    }

    public List<String> integrationNames() {
        return integrations.names();
    }

    /** A run has started and not finished: leaving now would abandon it. */
    public boolean inProgress() {
        return session != null && journalFailure == null && !session.isFinished() && session.stepResults().values().stream()
                .anyMatch(r -> r.status() != StepStatus.PENDING);
    }

    /** Finds a node by name, by a unique start of its name (any case), or by its number. */
    public Optional<Integer> find(String text) {
        if (runbook == null) return Optional.empty();
        List<Node> nodes = runbook.nodes();
        if (text.matches("\\d+")) {
            int n = Integer.parseInt(text);
            return n >= 1 && n <= nodes.size() ? Optional.of(n - 1) : Optional.empty();
        }
        for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).name().equals(text)) return Optional.of(i);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().toLowerCase(Locale.ROOT).startsWith(text.toLowerCase(Locale.ROOT))) starts.add(i);
        }
        return starts.size() == 1 ? Optional.of(starts.get(0)) : Optional.empty();
    }

    // ---- load ----------------------------------------------------------------------------------------------------

    /** Compiles the file and opens its run when the params allow; the problems are printed, one per line. */
    public boolean load(Path f, Map<String, String> params) {
        RunbookLoading.Compiled c = loading.compile(f, params);
        if (c.failure() instanceof RuntimeException e) throw e; // the command's error handler reports it (and trace shows it)
        if (c.failure() instanceof Error e) throw e;
        return take(c);
    }

    /** Compiles a file and its team without taking it in: {@link RunReentry} decides what to do with it. */
    RunbookLoading.Compiled compile(Path f, Map<String, String> params) {
        return loading.compile(f, params);
    }

    RunOptions options() { return baseOptions; }
    Integrations integrations() { return integrations; }
    Style style() { return style; }
    PrintStream out() { return out; }

    /** The text of the file as it was loaded; null when it could not be read. */
    String loadedText() { return loaded.text(); }

    /** The file was edited since it was loaded (the prompt says so; {@code reload} takes it in). */
    boolean fileChanged() {
        return file != null && loaded.changed(file);
    }

    /**
     * Makes {@code c} the REPL's runbook with {@code params}, and {@code s} (a run reopened by {@link RunReentry}, or
     * null) its run; the position is the caller's to set.
     */
    void adopt(RunbookLoading.Compiled c, Map<String, String> params, RunSession s) {
        runbook = c.runbook();
        file = c.file();
        team = c.team();
        loaded = LoadedFile.of(file);
        given.clear();
        given.putAll(params);
        session = s;
        journalFailure = null;
        if (s != null) hook(s);
    }

    /**
     * Lets go of the run without ending it (no handler runs, nothing is journaled as its end): its journal and locks
     * are closed so that it can be reopened with an edited file.
     */
    void release() {
        if (hook != null) hook.close();
        session = null;
        hook = null;
    }

    private void hook(RunSession s) {
        hook = SessionHook.show(s, out, style);
        approvalDenied = false;
        s.listen(e -> { if (EventTypes.APPROVAL_DENIED.equals(e.type())) approvalDenied = true; });
    }

    /** Makes a compiled file the REPL's runbook (ending the run of the one before) and opens its run when it can. */
    private boolean take(RunbookLoading.Compiled c) {
        if (c.failure() != null) {
            out.println(style.red("✗ ") + "cannot load " + c.file() + ": " + c.failure());
            return false;
        }
        if (c.runbook() == null) {
            printProblems(c.problems());
            return false;
        }
        closeRun("loaded another runbook");
        runbook = c.runbook();
        file = c.file();
        team = c.team();
        loaded = LoadedFile.of(file);
        given.clear();
        given.putAll(c.params());
        position.reset();
        out.println("Loaded " + runbook.name() + " from " + file + ": " + runbook.nodes().size() + " steps ("
                + c.millis() + " ms). plan shows them, next runs the first.");
        // the run opens at the first action (a step, a move, a Groovy line): looking and leaving take no lock and
        // leave no run behind; a param problem is said now, so that set can fix it before then
        if (!paramsValid(true)) out.println("The run opens when its params are valid: set NAME VALUE (params lists them).");
        return true;
    }

    /**
     * Loads {@code f} while the operator already has the prompt (see {@link RunbookLoading#start}). Nothing changes
     * until {@link #finishLoading} takes it in on the REPL's thread: every line that needs the runbook waits for it there.
     *
     * @param loaded called on the loading thread once the compile is done (the REPL shows it above the prompt)
     */
    public void loadInBackground(Path f, Map<String, String> params, Runnable loaded) {
        loading.start(f, params, loaded);
    }

    /** The file a background load is compiling, or null when none is pending. */
    Path loadingFile() { return loading.pendingFile(); }

    /** A background load is pending (done or not) and not taken in yet. */
    public boolean loading() { return loading.pending(); }

    /** A background load is done and waits to be taken in. */
    public boolean loaded() { return loading.done(); }

    /** A background load broke (its thread died of an Error): {@link #finishLoading} throws it. */
    boolean loadBroke() { return loading.broke(); }

    /**
     * Waits for a pending background load and takes it in (prints what loading prints); nothing when none is.
     *
     * @throws RunbookLoading.Broken when the loading thread died (the REPL reports it and ends with exit 4)
     */
    public synchronized void finishLoading() {
        RunbookLoading.Compiled c = loading.take();
        if (c != null) take(c);
    }

    // ---- params and the run --------------------------------------------------------------------------------------

    /** The params given are valid for the runbook (printing the problems when {@code say}). */
    boolean paramsValid(boolean say) {
        if (runbook == null) return false;
        try {
            Inputs.resolve(runbook, given, baseOptions.environment());
            return true;
        } catch (RunbookProblemsException e) {
            if (say) printProblems(e.problems());
            return false;
        }
    }

    /** Opens the run (takes its locks, starts its journal): at the first action, once the params are valid. */
    boolean tryOpen() {
        if (session != null) return true;
        if (runbook == null) {
            out.println("No runbook loaded — load FILE first.");
            return false;
        }
        try {
            session = RunSession.open(runbook, withParams(baseOptions, given), operator, Clock.SYSTEM, integrations, team);
        } catch (RunbookProblemsException e) {
            printProblems(e.problems());
            out.println("The run opens when its params are valid: set NAME VALUE (params lists them).");
            return false;
        } catch (LockBusyException e) {
            out.println(style.red("✗ ") + e.getMessage());
            out.println("The run opens when the lock is free: wait for that run, then load the file again.");
            return false;
        }
        hook(session);
        journalFailure = null;
        session.start();
        return true;
    }

    /**
     * The run's journal failed (a database that stops answering, a full disk): nothing may run that is not journaled,
     * so this run ends here. Says where it stopped and how to go on; later commands that would run are refused.
     */
    public void journalFailed(JournalException e) {
        if (session != null && hook != null && journalFailure == null) {
            journalFailure = e;
            hook.reportLost(out, style.red("✗ "), e);
            try {
                hook.close();
            } catch (RuntimeException closing) {
                // the same journal failing again as it closes: already reported above
            }
        } else {
            out.println(style.red("✗ ") + "journal error: " + e.getMessage());
        }
        if (journalFailure != null) out.println("Nothing more runs in this run here: exit, or load the file again for a new run.");
    }

    private static RunOptions withParams(RunOptions o, Map<String, String> params) {
        return new RunOptions(params, o.severity(), o.dryRun(), o.operatorName(), o.runsRoot(), o.environment(), o.approvedBy(),
                o.store(), o.lockWait());
    }

    private void printProblems(List<Problem> problems) {
        for (Problem p : problems) out.println(style.red("✗ ") + p);
    }

    /** {@code set NAME VALUE}: checked first; an invalid value changes nothing. */
    public boolean set(String name, String value) {
        if (runbook == null) {
            out.println("No runbook loaded — load FILE first.");
            return false;
        }
        Optional<String> problem = ParamCheck.problem(runbook, name, value);
        if (problem.isPresent()) {
            out.println(style.red("✗ ") + problem.get() + "; nothing changed");
            return false;
        }
        if (session != null) {
            if (session.isFinished()) {
                out.println("The run has finished; load the file again for a new run.");
                return false;
            }
            journal("set", name + " " + value);
            session.setParam(name, value);
        }
        String old = session != null ? session.params().asMap().get(name) : given.get(name);
        for (var p : runbook.params()) if (old == null && p.name().equals(name)) old = p.defaultValue();
        given.put(name, value);
        out.println("  " + name + " = " + value + (old == null || old.equals(value) ? "" : style.dim("  (was " + old + ")")));
        return true;
    }

    /** The run is open and may go on; otherwise says why not. */
    boolean ready() {
        if (journalFailure != null) {
            out.println(style.red("✗ ") + "the run's journal cannot be written (" + journalFailure.getMessage()
                    + "): nothing more runs in this run. Exit, or load the file again for a new run.");
            return false;
        }
        if (!tryOpen()) return false;
        if (session.isFinished()) {
            out.println("The run has finished (" + session.outcome().label() + "); load the file again for a new run.");
            return false;
        }
        return true;
    }

    void printResult(RunResult r) {
        out.println(style.bold("Run " + r.outcome().label()) + style.dim("  journal " + session.store().journalOf(r.runId())));
    }

    /**
     * Ends the run before leaving or loading another: what was not done stays pending, and a run left in progress
     * counts as aborted.
     *
     * @return the exit code {@code runbook repl} gives for it: how the run ended, 0 when no step ran
     */
    int closeRun(String why) {
        if (session == null) return 0;
        if (journalFailure != null) {
            // closed when the journal failed; what it holds is all there is
            session = null;
            hook = null;
            journalFailure = null;
            return ExitCodes.ENVIRONMENT;
        }
        int code = 0;
        if (!session.isFinished()) {
            if (inProgress()) {
                journal("exit", why);
                RunResult r = session.abort(position.at(runbook), "the operator " + why + " with the run in progress");
                printResult(r);
                code = r.exitCode();
            } else {
                session.abandon("the operator " + why + " before any step ran");
            }
        } else {
            code = session.finish().exitCode();
        }
        hook.close();
        session = null;
        hook = null;
        return code;
    }

    /** Records what the operator did by hand, before it happens. */
    void journal(String command, String args) {
        if (session == null || session.isFinished()) return;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("command", command);
        if (!args.isEmpty()) d.put("args", args);
        String at = position.at(runbook);
        d.put("at", at != null ? at : "end");
        session.record(EventTypes.REPL_COMMAND, d);
    }
}
