package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.model.Node;
import dev.runbook.model.Parallel;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run's beginning and end in the journal: {@code run.started} (what runs, with which params, by whom, where) or
 * {@code run.resumed}, the locks it holds, a step the operator marks done, and at the end the runbook's handlers and
 * {@code run.finished} with the outcome.
 */
final class Lifecycle {
    private final RunContext run;

    Lifecycle(RunContext run) {
        this.run = run;
    }

    void started() {
        Runbook runbook = run.runbook();
        RunInfo info = run.runInfo();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("run", run.id());
        d.put("runbook", runbook.name());
        d.put("title", runbook.title());
        d.put("file", runbook.source());
        d.put("contentHash", runbook.contentHash());
        d.put("params", run.params().asMap());
        d.put("secrets", run.secrets().asMap().keySet().stream().toList());
        d.put("severity", info.getSeverity().name());
        d.put("operator", info.getOperator());
        // who really runs the process, beside the name claimed with --operator (issue 18)
        d.put("osUser", System.getProperty("user.name", "unknown"));
        d.put("host", info.getHost());
        d.put("pid", ProcessHandle.current().pid());
        d.put("cwd", run.workingDir().toString());
        d.put("dir", run.runDir().toString());
        // where the journal is, when that is not the run's folder (a PostgreSQL URL, its password masked)
        String journalAt = run.store() == null ? null : run.store().journalOf(run.id());
        if (journalAt != null && !journalAt.startsWith(run.runDir().toString())) d.put("journal", journalAt);
        d.put("dryRun", run.dryRun());
        d.put("nodes", runbook.nodes().stream().map(Node::name).toList());
        d.put("kinds", runbook.nodes().stream().map(Node::kind).toList());
        Map<String, Object> inner = new LinkedHashMap<>();
        for (Node n : runbook.nodes()) if (n instanceof Parallel p) inner.put(p.name(), p.steps().stream().map(Step::name).toList());
        if (!inner.isEmpty()) d.put("parallelSteps", inner);
        run.bus().emit(EventTypes.RUN_STARTED, d);
        // an include's sub-run inherits the severity: only a severity other than the runbook's own is a declaration
        if (run.options().severity() != null && run.options().severity() != runbook.severity()) declared(info);
        journalLocks();
        keepSourceCopy();
    }

    /** {@code --severity}: who declared it (the run's operator, and the OS user beside the claimed name). */
    private void declared(RunInfo info) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("severity", info.getSeverity().name());
        d.put("runbookSeverity", run.runbook().severity().name());
        d.put("by", info.getOperator());
        d.put("osUser", System.getProperty("user.name", "unknown"));
        d.put("source", "--severity");
        run.bus().emit(EventTypes.SEVERITY_DECLARED, d);
    }

    /** Who resumed, from which node ({@code index}, 0-based), and what was decided about a step whose outcome was unknown. */
    void resumed(int index, Map<String, Object> details) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("run", run.id());
        d.put("pid", ProcessHandle.current().pid());
        d.put("host", run.runInfo().getHost());
        d.put("contentHash", run.runbook().contentHash());
        if (index < run.size()) d.put("from", run.runbook().nodes().get(index).name());
        d.putAll(details);
        run.bus().emit(RunSession.EVENT_RUN_RESUMED, d);
        journalLocks();
    }

    /** Journaled after run.started (and run.resumed): the locks this run took, and how long it queued for them. */
    private void journalLocks() {
        for (String key : run.locks().keys()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("key", key);
            d.put("waitedMs", run.locks().waitedMs());
            d.put("store", run.store().location());
            run.bus().emit(RunSession.EVENT_LOCK_ACQUIRED, d);
        }
    }

    /** The file as it was run, kept by the store (beside the journal): resume compares it with the file as it is then. */
    private void keepSourceCopy() {
        try {
            run.store().keepSource(run.id(), Path.of(run.runbook().source()));
        } catch (InvalidPathException e) {
            // only resume's "which steps differ" needs it; it falls back to comparing step names
        }
    }

    /** A node whose outcome was unknown did its work, the operator says: journaled as finished, so it counts as done. */
    void markDone(String name, String by) {
        StepResult r = run.result(name);
        r.status(StepStatus.OK);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", name);
        d.put("status", StepStatus.OK.label());
        d.put("attempts", r.getAttempts());
        d.put("durationMs", 0L);
        d.put("markedDone", true);
        d.put("by", by);
        run.bus().emit(EventTypes.STEP_FINISHED, d);
    }

    /** The operator skips node {@code index}: it counts as skipped, and a failure it had is forgotten (the journal keeps it). */
    void skipped(int index, String reason) {
        String node = run.runbook().nodes().get(index).name();
        run.state.forget(node);
        run.conditions.skipped(node, index, reason);
    }

    /** Runs the runbook's handlers and journals the end of the run. Idempotent. */
    RunResult finish() {
        RunState state = run.state;
        if (!state.finished()) {
            state.finished(true);
            Runbook runbook = run.runbook();
            Failure failure = state.failure();
            if (state.handlersWanted() && failure != null && runbook.onFailure() != null) {
                run.handlers.run("onFailure", runbook.onFailure(), null, failure);
            }
            if (state.handlersWanted() && runbook.always() != null) run.handlers.run("always", runbook.always(), null, state.failure());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("outcome", state.outcome().label());
            d.put("durationMs", run.clock().millis() - run.startMillis());
            if (state.failure() != null) {
                d.put("failedStep", state.failure().getStep());
                d.put("error", state.failure().getMessage());
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            run.stepResults().values().forEach(r -> counts.merge(r.status().label(), 1L, Long::sum));
            d.put("counts", counts);
            run.bus().emit(EventTypes.RUN_FINISHED, d);
            state.ended(true);
        }
        return new RunResult(run.id(), state.outcome(), run.stepResults(), state.failure(), run.runDir(),
                Duration.ofMillis(run.clock().millis() - run.startMillis()));
    }
}
