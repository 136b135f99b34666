package dev.runbook.repl;

import dev.runbook.compile.RunbookCompiler;
import dev.runbook.compile.TeamFiles;
import dev.runbook.console.Style;
import dev.runbook.diag.Problem;
import dev.runbook.diag.RunbookProblemsException;
import dev.runbook.engine.Clock;
import dev.runbook.engine.Integrations;
import dev.runbook.engine.RunOptions;
import dev.runbook.engine.RunResult;
import dev.runbook.engine.RunSession;
import dev.runbook.engine.StepResult;
import dev.runbook.engine.StepStatus;
import dev.runbook.journal.EventTypes;
import dev.runbook.journal.JournalException;
import dev.runbook.model.Node;
import dev.runbook.model.Runbook;
import dev.runbook.model.Team;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.SessionHook;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One runbook in the REPL and its run, driven by hand: a cursor on the next node, breakpoints, and the
 * operator's decisions (next, run, skip, retry, goto, abort). The run opens as soon as the runbook is loaded with
 * valid params, so its journal holds everything the operator does from then on.
 */
public final class RunDriver {
    private final PrintStream out;
    private final Style style;
    private final RunbookCompiler compiler;
    private final Integrations integrations;
    private final RunOptions baseOptions;
    private final Path teamFile;
    private final ReplOperator operator;
    private final Asker asker;

    private Runbook runbook;
    private Path file;
    private Team team;
    private final Map<String, String> given = new LinkedHashMap<>();
    private RunSession session;
    /** The run hooked to the REPL's output; also says where the run stopped if its journal fails. */
    private SessionHook hook;
    /** The run's journal failed: the run cannot go on in this process (its session is closed). */
    private JournalException journalFailure;
    private int cursor;
    private int lastRun = -1;
    private int lastFailed = -1;
    private final Set<String> breaks = new LinkedHashSet<>();

    RunDriver(PrintStream out, Style style, RunbookCompiler compiler, Integrations integrations, RunOptions baseOptions,
              Path teamFile, Asker asker) {
        this.out = out;
        this.style = style;
        this.compiler = compiler;
        this.integrations = integrations;
        this.baseOptions = baseOptions;
        this.teamFile = teamFile;
        this.asker = asker;
        this.operator = new ReplOperator(asker);
    }

    // ---- what the prompt and the completer read ------------------------------------------------------------------

    public Optional<Runbook> runbook() { return Optional.ofNullable(runbook); }
    public Optional<RunSession> session() { return Optional.ofNullable(session); }
    int cursor() { return cursor; }
    Set<String> breaks() { return breaks; }

    public List<String> nodeNames() {
        return runbook == null ? List.of() : runbook.nodes().stream().map(Node::name).toList();
    }

    public List<String> paramNames() {
        return runbook == null ? List.of() : runbook.params().stream().map(p -> p.name()).toList();
    }

    /** A run has started and not finished: leaving now would abandon it. */
    public boolean inProgress() {
        return session != null && journalFailure == null && !session.isFinished() && session.stepResults().values().stream()
                .anyMatch(r -> r.getStatus() != StepStatus.PENDING);
    }

    /** {@code quickstart-rollback [3/7 Stop the broken version] >}, with the state when it is not simply "ready". */
    public String prompt() {
        Path pending = loadingFile;
        if (runbook == null) return pending != null ? "runbook [loading " + pending.getFileName() + "] > " : "runbook > ";
        StringBuilder b = new StringBuilder(runbook.name()).append(" [");
        int size = runbook.nodes().size();
        if (session != null && session.isFinished()) {
            b.append("done: ").append(session.outcome().label()).append("] > ");
            return b.toString();
        }
        if (cursor >= size) b.append("end");
        else b.append(cursor + 1).append('/').append(size).append(' ').append(runbook.nodes().get(cursor).name());
        b.append(']');
        String state = state();
        if (!state.isEmpty()) b.append(' ').append(state);
        return b.append(" > ").toString();
    }

    private String state() {
        if (session == null) return "params needed";
        if (journalFailure != null) return "journal lost";
        if (cursor < runbook.nodes().size()) {
            StepStatus s = session.stepResults().get(runbook.nodes().get(cursor).name()).getStatus();
            if (s == StepStatus.FAILED) return "failed";
            if (breaks.contains(runbook.nodes().get(cursor).name())) return "break";
        }
        return "";
    }

    // ---- load and params -----------------------------------------------------------------------------------------

    /** Compiles the file and opens its run when the params allow; the problems are printed, one per line. */
    public boolean load(Path f, Map<String, String> params) {
        Compiled c = compile(f, params);
        if (c.failure() instanceof RuntimeException e) throw e; // the command's error handler reports it (and trace shows it)
        if (c.failure() instanceof Error e) throw e;
        return take(c);
    }

    /**
     * What loading a file found, before anything changed: the runbook and its team, or the problems, or what broke.
     * Made on any thread; taken in ({@link #take}) on the REPL's.
     */
    private record Compiled(Path file, Map<String, String> params, Runbook runbook, Team team, List<Problem> problems,
                            Throwable failure, long millis) {}

    private Compiled compile(Path f, Map<String, String> params) {
        long t0 = System.nanoTime();
        Map<String, String> copy = new LinkedHashMap<>(params);
        try {
            Runbook rb = compiler.compile(f);
            Team t = TeamFiles.load(teamFile, f, Path.of(""), compiler);
            return new Compiled(f, copy, rb, t, List.of(), null, (System.nanoTime() - t0) / 1_000_000);
        } catch (RunbookProblemsException e) {
            return new Compiled(f, copy, null, null, e.problems(), null, 0);
        } catch (RuntimeException | LinkageError e) {
            return new Compiled(f, copy, null, null, List.of(), e, 0);
        }
    }

    /** Makes a compiled file the REPL's runbook (ending the run of the one before) and opens its run when it can. */
    private boolean take(Compiled c) {
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
        given.clear();
        given.putAll(c.params());
        cursor = 0;
        lastRun = -1;
        lastFailed = -1;
        breaks.clear();
        out.println("Loaded " + runbook.name() + " from " + file + ": " + runbook.nodes().size() + " steps ("
                + c.millis() + " ms). plan shows them, next runs the first.");
        tryOpen();
        return true;
    }

    // ---- loading while the operator already has the prompt -------------------------------------------------------

    /** The file being compiled in the background, and the compile; null when none is pending. */
    private volatile Path loadingFile;
    private volatile CompletableFuture<Compiled> loading;

    /**
     * Starts compiling {@code f} on a thread of its own, so that the prompt comes before the runbook is ready (the
     * Groovy runtime's start-up and the compile take most of a second). Nothing changes until {@link #finishLoading}
     * takes it in on the REPL's thread: every line that needs the runbook waits for it there.
     *
     * @param loaded called on the loading thread once the compile is done (the REPL shows it above the prompt)
     */
    public void loadInBackground(Path f, Map<String, String> params, Runnable loaded) {
        CompletableFuture<Compiled> future = new CompletableFuture<>();
        loadingFile = f;
        loading = future;
        Thread t = new Thread(() -> {
            future.complete(compile(f, params));
            loaded.run();
        }, "runbook-load");
        t.setDaemon(true); // leaving the REPL before the file is loaded does not wait for it
        t.start();
    }

    /** A background load is pending (done or not) and not taken in yet. */
    public boolean loading() { return loading != null; }

    /** A background load is done and waits to be taken in. */
    public boolean loaded() {
        CompletableFuture<Compiled> l = loading;
        return l != null && l.isDone();
    }

    /** Waits for a pending background load and takes it in (prints what loading prints); nothing when none is. */
    public synchronized void finishLoading() {
        CompletableFuture<Compiled> l = loading;
        if (l == null) return;
        Compiled c = l.join();
        loading = null;
        loadingFile = null;
        take(c);
    }

    /** Opens the run once the params are valid. */
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
        } catch (dev.runbook.journal.LockBusyException e) {
            out.println(style.red("✗ ") + e.getMessage());
            out.println("The run opens when the lock is free: wait for that run, then load the file again.");
            return false;
        }
        hook = SessionHook.show(session, out, style);
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

    public void showParams() {
        if (runbook == null) {
            out.println("No runbook loaded — load FILE first.");
            return;
        }
        if (runbook.params().isEmpty()) out.println("This runbook declares no params.");
        Map<String, String> current = session != null ? session.params().asMap() : Map.of();
        for (var p : runbook.params()) {
            String v = current.containsKey(p.name()) ? current.get(p.name()) : given.getOrDefault(p.name(), p.defaultValue());
            String note = (p.required() ? "required" : "optional") + (p.pattern() != null ? ", /" + p.pattern() + "/" : "")
                    + (p.choices().isEmpty() ? "" : ", one of " + String.join(", ", p.choices()))
                    + (p.description() == null || p.description().isEmpty() ? "" : " — " + p.description());
            out.println("  " + p.name() + " = " + (v == null ? style.yellow("(not set)") : v) + "  " + style.dim(note));
        }
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
        given.put(name, value);
        out.println("  " + name + " = " + value);
        if (session == null) tryOpen();
        return true;
    }

    // ---- running -------------------------------------------------------------------------------------------------

    private boolean ready() {
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

    /** {@code next}: runs the node under the cursor. */
    public void next() {
        if (!ready()) return;
        if (cursor >= runbook.nodes().size()) {
            finishAtEnd();
            return;
        }
        journal("next", runbook.nodes().get(cursor).name());
        runAt(cursor);
    }

    /** {@code run}: from the cursor to the end, stopping before a breakpoint or at a failure. */
    public void runOn() {
        if (!ready()) return;
        journal("run", "");
        boolean first = true;
        while (cursor < runbook.nodes().size()) {
            String name = runbook.nodes().get(cursor).name();
            if (!first && breaks.contains(name)) {
                out.println(style.yellow("● break before '" + name + "'") + " — next runs it, run goes on");
                return;
            }
            first = false;
            if (!runAt(cursor)) return;
        }
        finishAtEnd();
    }

    /** {@code run STEP}: that node only, wherever the cursor is. */
    public void runOnly(int index) {
        if (!ready()) return;
        journal("run", runbook.nodes().get(index).name());
        runAt(index);
    }

    /** {@code retry}: the node that failed last (or, when none did, the one run last) runs again. */
    public void retry() {
        if (!ready()) return;
        int index = lastFailed >= 0 ? lastFailed : lastRun;
        if (index < 0) {
            out.println("Nothing has run yet — next runs the first step.");
            return;
        }
        journal("retry", runbook.nodes().get(index).name());
        session.resume(index);
        runAt(index);
    }

    /** {@code skip [STEP]}: the node counts as skipped; skipping the cursor's node moves on. */
    public void skip(int index) {
        if (!ready()) return;
        if (index >= runbook.nodes().size()) {
            out.println("There is no step left to skip.");
            return;
        }
        String name = runbook.nodes().get(index).name();
        journal("skip", name);
        session.skipNode(index, "skipped by the operator at the REPL");
        if (lastFailed == index) lastFailed = -1;
        if (cursor == index) cursor++;
        finishAtEnd();
    }

    /** {@code goto STEP}: moves the cursor; jumping over steps that have not run needs a yes. */
    public void goTo(int index) {
        if (!ready()) return;
        List<String> jumped = new ArrayList<>();
        for (int i = cursor; i < index; i++) {
            String n = runbook.nodes().get(i).name();
            if (session.stepResults().get(n).getStatus() == StepStatus.PENDING) jumped.add(n);
        }
        if (!jumped.isEmpty() && !asker.yes("Jump over " + jumped.size() + (jumped.size() == 1 ? " step" : " steps")
                + " that did not run (" + String.join(", ", jumped) + ")?", false)) {
            out.println("Stayed at " + (cursor + 1) + "/" + runbook.nodes().size() + ".");
            return;
        }
        journal("goto", runbook.nodes().get(index).name() + (jumped.isEmpty() ? "" : " (jumped over: " + String.join(", ", jumped) + ")"));
        cursor = index;
    }

    /** {@code break STEP}: toggles a breakpoint before the node. */
    public void toggleBreak(int index) {
        String name = runbook.nodes().get(index).name();
        if (breaks.remove(name)) out.println("  break before '" + name + "' removed");
        else {
            breaks.add(name);
            out.println("  break before '" + name + "': run stops there");
        }
    }

    /** {@code approve NAME [ROLE]}: the next approval point takes this approver's word (checked against the policy). */
    public void approve(String approver) {
        if (!ready()) return;
        journal("approve", approver);
        operator.approveNext(approver);
        out.println("  " + approver + " will answer the next approval point (checked against the team policy)");
    }

    /** {@code abort}: ends the run as aborted; the runbook's onFailure and always run. */
    public void abort() {
        if (!ready()) return;
        journal("abort", "");
        String at = cursor < runbook.nodes().size() ? runbook.nodes().get(cursor).name() : null;
        printResult(session.abort(at, "aborted by the operator at the REPL"));
    }

    /** Runs node {@code i}; the cursor moves past it when it was the cursor's node and it did not stop the run. */
    private boolean runAt(int i) {
        lastRun = i;
        boolean ok = session.runNode(i);
        // a failure or a Ctrl-C stops this node only: the operator decides what comes next
        session.resume(ok ? i : -1);
        if (ok) {
            if (lastFailed == i) lastFailed = -1;
            if (cursor == i) cursor = i + 1;
            finishAtEnd();
        } else {
            lastFailed = i;
            out.println(style.yellow("'" + runbook.nodes().get(i).name() + "' did not complete")
                    + " — retry, skip, goto STEP or abort (log shows its output)");
        }
        return ok;
    }

    private void finishAtEnd() {
        if (cursor >= runbook.nodes().size() && !session.isFinished()) printResult(session.finish());
    }

    private void printResult(RunResult r) {
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
                RunResult r = session.abort(cursor < runbook.nodes().size() ? runbook.nodes().get(cursor).name() : null,
                        "the operator " + why + " with the run in progress");
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

    public List<String> integrationNames() {
        return integrations.names();
    }

    // ---- looking -------------------------------------------------------------------------------------------------

    public void status() {
        if (runbook == null) {
            out.println("No runbook loaded — load FILE first.");
            return;
        }
        List<Node> nodes = runbook.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            String name = nodes.get(i).name();
            StepResult r = session == null ? null : session.stepResults().get(name);
            String st = r == null ? "pending" : r.getStatus().label();
            String mark = i == cursor ? "▸" : " ";
            String b = breaks.contains(name) ? "●" : " ";
            String detail = r == null || r.getStatus() == StepStatus.PENDING ? ""
                    : "  " + ms(r.getDuration().toMillis()) + (r.getAttempts() > 1 ? ", " + r.getAttempts() + " attempts" : "")
                    + (r.getError() == null ? "" : "  " + r.getError());
            out.println(mark + b + String.format("%2d  %-9s %s", i + 1, colour(st), name) + style.dim(detail));
        }
        if (session != null && session.isFinished()) out.println("Run " + session.outcome().label());
    }

    private String colour(String status) {
        String padded = String.format("%-9s", status);
        return switch (status) {
            case "ok" -> style.green(padded);
            case "failed" -> style.red(padded);
            case "skipped", "pending" -> style.dim(padded);
            default -> style.yellow(padded);
        };
    }

    private static String ms(long ms) {
        return ms < 1000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }

    /** {@code log [STEP]}: what the step printed in its last attempt; without a name, the step run last. */
    public void log(int index) {
        if (session == null) {
            out.println("Nothing has run yet.");
            return;
        }
        int i = index >= 0 ? index : lastRun;
        if (i < 0) {
            out.println("Nothing has run yet — log STEP names one.");
            return;
        }
        String name = runbook.nodes().get(i).name();
        StepResult r = session.stepResults().get(name);
        String text = session.redact(r.getStdout());
        out.println(style.dim("── " + name + " (" + r.getStatus().label() + ")"));
        if (text.isEmpty()) out.println(style.dim("(no output)"));
        else out.print(text.endsWith("\n") ? text : text + "\n");
        if (r.getError() != null) out.println(style.red("✗ " + r.getError()));
    }

    /** {@code journal}: the run's journal so far, one line per event, as written (secrets already masked). */
    public void showJournal() {
        if (session == null) {
            out.println("No run yet: the journal starts when the run opens.");
            return;
        }
        for (var e : session.store().read(session.id()).events()) {
            if (e.type().equals(EventTypes.STEP_OUTPUT)) continue;
            Map<String, Object> d = new LinkedHashMap<>(e.data());
            Object step = d.remove("step");
            out.println(String.format("%4d %s %-20s %s%s", e.seq(), e.at().toString().substring(11, 19), e.type(),
                    step == null ? "" : "'" + step + "' ", d));
        }
        out.println(style.dim(session.store().journalOf(session.id())));
    }

    /** Records what the operator did by hand, before it happens. */
    void journal(String command, String args) {
        if (session == null || session.isFinished()) return;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("command", command);
        if (!args.isEmpty()) d.put("args", args);
        d.put("at", cursor < runbook.nodes().size() ? runbook.nodes().get(cursor).name() : "end");
        session.record(EventTypes.REPL_COMMAND, d);
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
            if (nodes.get(i).name().toLowerCase(java.util.Locale.ROOT).startsWith(text.toLowerCase(java.util.Locale.ROOT))) starts.add(i);
        }
        return starts.size() == 1 ? Optional.of(starts.get(0)) : Optional.empty();
    }

    Path file() { return file; }
}
