package dev.runbook.engine;

import dev.runbook.journal.RunStore;
import dev.runbook.model.Approval;
import dev.runbook.model.Confirm;
import dev.runbook.model.ForEach;
import dev.runbook.model.Gate;
import dev.runbook.model.Include;
import dev.runbook.model.Manual;
import dev.runbook.model.Node;
import dev.runbook.model.Parallel;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import dev.runbook.model.Team;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * One run of a runbook, and its conductor: it opens the run, journals its start, hands each node in order to the
 * runner of its kind ({@link StepRun}, {@link GateRun}, {@link ApprovalRun}, {@link PromptRun}, {@link IncludeRun},
 * {@link ParallelRun}, {@link ForEachRun}), and finishes it with the runbook's handlers ({@link Lifecycle}). The CLI
 * runs it to the end; the REPL drives it node by node. What the rooms share is the run's {@link RunContext}: its
 * state ({@link RunState}), Ctrl-C and signals ({@link Interrupts}) and worker threads ({@link Workers}).
 */
public final class RunSession implements AutoCloseable {
    /** Journaled after run.started (and run.resumed): the locks this run took, and how long it queued for them. */
    public static final String EVENT_LOCK_ACQUIRED = "lock.acquired";
    /** Journaled when {@code runbook resume} goes on with a run. */
    public static final String EVENT_RUN_RESUMED = "run.resumed";

    private final RunContext run;
    private final Lifecycle lifecycle;
    private final StepRun steps;
    private final GateRun gates;
    private final ApprovalRun approvals;
    private final PromptRun prompts;
    private final IncludeRun includes;
    private final ParallelRun parallels;
    private final ForEachRun forEachs;

    private RunSession(RunContext run, RunHistory history) {
        this.run = run;
        this.lifecycle = new Lifecycle(run);
        OnceNode once = new OnceNode(run);
        this.steps = new StepRun(run);
        this.gates = new GateRun(run, once);
        this.approvals = new ApprovalRun(run, once);
        this.prompts = new PromptRun(run);
        this.includes = new IncludeRun(run, once);
        this.parallels = new ParallelRun(run, steps);
        this.forEachs = new ForEachRun(run, once);
        if (history != null) {
            for (Node n : run.runbook().nodes()) {
                if (n instanceof ForEach) forEachs.doneEarlier(n.name(), history.targetsDoneEarlier(n.name()));
            }
        }
    }

    /**
     * Checks params, secrets and whether someone can answer the runbook's prompts, then opens the run's journal.
     * Nothing has run when this throws {@link dev.runbook.diag.RunbookProblemsException}.
     */
    public static RunSession open(Runbook runbook, RunOptions options, Operator operator, Clock clock, Integrations integrations) {
        return open(runbook, options, operator, clock, integrations, Team.defaults());
    }

    /** As above, with the team file that sets the approval policy and notification targets. */
    public static RunSession open(Runbook runbook, RunOptions options, Operator operator, Clock clock, Integrations integrations,
                                  Team team) {
        return new RunSession(RunOpening.start(runbook, options, operator, clock, integrations, team), null);
    }

    /**
     * Opens an earlier run again to go on with it ({@code runbook resume}): the same id, folder and journal (appended
     * to, after cutting off a line torn by the crash), the params, severity and operator it started with, the
     * results of the nodes it finished ({@code steps[...]}) and the approvals already granted. Nothing is
     * journaled until {@link #resumeFrom}.
     */
    public static RunSession resume(Runbook runbook, RunOptions options, Operator operator, Clock clock, Integrations integrations,
                                    Team team, RunHistory history, long validJournalBytes) {
        return resume(runbook, options, operator, clock, integrations, team, history, validJournalBytes, history.params());
    }

    /**
     * As above, with the params to go on with instead of those the run started with: the REPL re-enters a run with
     * the values set at its prompt, and reloads an edited file keeping only the params it still declares.
     */
    public static RunSession resume(Runbook runbook, RunOptions options, Operator operator, Clock clock, Integrations integrations,
                                    Team team, RunHistory history, long validJournalBytes, Map<String, String> params) {
        return new RunSession(RunOpening.reopen(runbook, options, operator, clock, integrations, team, history,
                validJournalBytes, params), history);
    }

    public void listen(EventListener listener) { run.bus().listen(listener); }

    /** The run as its rooms see it: an include hands its sub-run its command runner and Ctrl-C through it. */
    RunContext context() { return run; }

    public String id() { return run.id(); }
    public Runbook runbook() { return run.runbook(); }
    public Path runDir() { return run.runDir(); }
    /** Where the run is journaled; approvals reach it through this. */
    public RunStore store() { return run.store(); }
    public Params params() { return run.params(); }
    public RunInfo runInfo() { return run.runInfo(); }
    public Map<String, StepResult> stepResults() { return run.stepResults(); }
    public Team team() { return run.team(); }
    public Outcome outcome() { return run.outcome(); }

    /** Replaces bash: the runbook test harness answers {@code sh} from a script. Call before the run starts. */
    public void useCommandRunner(CommandRunner runner) {
        run.commands(java.util.Objects.requireNonNull(runner));
    }

    // ---- the run ---------------------------------------------------------------------------------------------------

    /** Journals the start of the run: what runs, with which params, by whom, where. */
    public void start() {
        lifecycle.started();
    }

    /** Runs every node in order, then the handlers; returns how it ended. */
    public RunResult runToEnd() {
        start();
        return runFrom(0);
    }

    /**
     * Resume: journals {@code run.resumed} (who resumed, from which node, what was decided about a step whose
     * outcome was unknown), then runs the nodes from {@code index} (0-based) and the handlers.
     */
    public RunResult resumeFrom(int index, Map<String, Object> details) {
        lifecycle.resumed(index, details);
        return runFrom(index);
    }

    private RunResult runFrom(int index) {
        for (int i = index; i < run.size(); i++) {
            if (!runNode(i)) break;
        }
        return finish();
    }

    /**
     * Resume by hand (the REPL): journals {@code run.resumed} as {@link #resumeFrom} does, but runs nothing; the
     * operator then moves through the nodes with {@link #runNode} and ends the run with {@link #finish}.
     */
    public void resumedAt(int index, Map<String, Object> details) {
        lifecycle.resumed(index, details);
    }

    /**
     * Resume: the operator says a node whose outcome was unknown did its work. Journaled as finished so the
     * timeline, and any later resume, count it as done.
     */
    public void markDone(String name, String by) {
        lifecycle.markDone(name, by);
    }

    /**
     * Runs node {@code index} (0-based) with retries and its handler.
     *
     * @return false when the run must not go on: the node failed without {@code continueOnFailure}, or the
     * operator aborted
     */
    public boolean runNode(int index) {
        if (run.state.aborted()) return false;
        Node node = run.runbook().nodes().get(index);
        if (run.interruptCount() > 0) {
            run.state.abortAt(node.name(), "stopped by " + run.stoppedBy() + " before this step");
            return false;
        }
        return switch (node) {
            case Step s -> steps.run(s, index);
            case Manual m -> prompts.run(m, index);
            case Confirm c -> prompts.run(c, index);
            case Gate g -> gates.run(g, index);
            case Approval a -> approvals.run(a, index);
            case Include inc -> includes.run(inc, index);
            case Parallel p -> parallels.run(p, index);
            case ForEach f -> forEachs.run(f, index);
        };
    }

    /** Runs the runbook's handlers and journals the end of the run. Idempotent. */
    public RunResult finish() {
        return lifecycle.finish();
    }

    // ---- driven by hand (the REPL) ---------------------------------------------------------------------------------

    /** Masks the run's secrets in text the operator will see (a value printed at the REPL). */
    public String redact(String text) { return run.redact(text); }

    /** The last failure of a node in this run, with what caused it (its stack for the REPL's trace); null while none. */
    public StepFailure lastFailure() { return run.state.lastFailure(); }

    /** True once {@link #finish()} has run: the handlers ran and the outcome is journaled. */
    public boolean isFinished() { return run.state.finished(); }

    /** Journals something the operator did by hand ({@code repl.command}, {@code repl.eval}); secrets are masked. */
    public void record(String type, Map<String, Object> data) {
        run.bus().emit(type, data);
    }

    /**
     * Changes one param of a run in progress; the new values are checked like the run's first ones.
     *
     * @throws dev.runbook.diag.RunbookProblemsException when the value is not valid (nothing changes)
     */
    public void setParam(String name, String value) {
        run.setParam(name, value);
    }

    /** The operator skips node {@code index}: it counts as skipped, and a failure it had is forgotten (the journal keeps it). */
    public void skipNode(int index, String reason) {
        lifecycle.skipped(index, reason);
    }

    /**
     * The operator takes the run back in hand after a Ctrl-C or a failed node, to retry, skip or go elsewhere: the
     * stop is forgotten, and so is the failure of {@code index} when it is the one that stopped the run.
     */
    public void resume(int index) {
        run.interrupts.reset();
        run.state.clearAbort();
        if (index >= 0 && index < run.size()) run.state.forget(run.runbook().nodes().get(index).name());
    }

    /** The operator ends the run at {@code node}: it counts as aborted, and the handlers run as after Ctrl-C. */
    public RunResult abort(String node, String why) {
        run.state.abortAt(node, why);
        return finish();
    }

    /**
     * Ends, as aborted, a run in which no step ran (the REPL was left, or another file loaded, first): its onFailure
     * and always do not run — they answer what the steps did, and nothing was done.
     */
    public RunResult abandon(String why) {
        run.state.noHandlers();
        return abort(null, why);
    }

    /**
     * Runs operator code (a line typed at the REPL) with the scope a step gets, on a worker like a step, so that
     * Ctrl-C kills its commands and the prompt comes back.
     *
     * @throws StepFailure with a one-line message when the code fails or is stopped
     */
    public Object evaluate(String label, Function<StepScope, Object> code) {
        return run.workers.run(label, null, null, p -> code.apply(new StepScope(run, label, null, null, p, null)));
    }

    // ---- Ctrl-C and signals (Interrupts) ---------------------------------------------------------------------------

    /**
     * Ctrl-C. The first stops the running step (its process tree is killed) and lets the failure path run; the
     * second means "get out now": the run's commands are killed. Both are journaled. The REPL stays up after a
     * second one; {@code runbook exec} and {@code resume} exit at once, and call {@link #interruptToExit} instead.
     *
     * @return how many times the operator has interrupted this run
     */
    public int interrupt() {
        return run.interrupts.interrupt(false);
    }

    /**
     * Ctrl-C where the operator steps by hand (the REPL): the node stops (its commands are killed), no handler runs, and
     * the run waits for the operator's next move; journaled and shown as such. A second one kills every command.
     */
    public int interruptByHand() {
        return run.interrupts.interrupt(false, true);
    }

    /**
     * Ctrl-C, from a caller that exits the moment this returns 2 or more: from the second on, the journal and console
     * end with the interrupt, whatever the run's threads would still say in the moments before the process is gone.
     */
    public int interruptToExit() {
        return run.interrupts.interrupt(true);
    }

    /** SIGTERM or SIGHUP: the process exits when this returns; the journal ends with it, the commands are killed. */
    public void terminate(String signal) {
        run.interrupts.terminate(signal);
    }

    @Override
    public void close() {
        // a command killed by Ctrl-C may still have lines on their way (its reader runs on): not into a closed journal
        run.bus().silence();
        try {
            run.approvals.close();
            run.journal().close();
        } finally {
            run.locks().close();
        }
    }
}
