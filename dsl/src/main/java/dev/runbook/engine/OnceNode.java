package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.model.Gate;
import dev.runbook.model.Node;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The start and end of a node that runs once, with no retries: a gate or an approval (their waiting is their
 * retry), an include, a forEach (its targets are its attempts). Journals {@code step.started}, runs the body, and
 * journals {@code step.finished} ok or failed; a failure fails the run unless the node continues on failure.
 */
final class OnceNode {
    private final RunContext run;

    OnceNode(RunContext run) {
        this.run = run;
    }

    boolean run(Node node, int index, Runnable body) {
        return run(node, index, body, false);
    }

    boolean run(Node node, int index, Runnable body, boolean continueOnFailure) {
        StepResult r = run.result(node.name());
        long t0 = run.clock().millis();
        r.status(StepStatus.RUNNING);
        r.attempts(1);
        Map<String, Object> started = started(node, index, run.size());
        if (node instanceof Gate g) {
            started.put("withinMs", g.within().toMillis());
            started.put("everyMs", g.every().toMillis());
            if (g.sustain() != null) started.put("sustainMs", g.sustain().toMillis());
        }
        run.bus().emit(EventTypes.STEP_STARTED, started);
        StepFailure failed = null;
        try {
            body.run();
        } catch (StepFailure f) {
            failed = f;
        }
        r.duration(Duration.ofMillis(run.clock().millis() - t0));
        Map<String, Object> d = finished(node, r.getDuration().toMillis());
        if (failed == null) {
            r.status(StepStatus.OK);
            d.put("status", r.status().label());
            run.bus().emit(EventTypes.STEP_FINISHED, d);
            return true;
        }
        boolean goOn = continueOnFailure && failed.kind() != StepFailure.Kind.ABORTED && failed.kind() != StepFailure.Kind.MEMORY;
        r.status(goOn ? StepStatus.FAILED_CONTINUED : StepStatus.FAILED);
        r.error(run.redact(failed.getMessage()));
        d.put("status", r.status().label());
        d.put("error", failed.getMessage());
        run.bus().emit(EventTypes.STEP_FINISHED, d);
        if (goOn) return true;
        run.state.fail(node.name(), failed, 1, run.bus().redactor());
        return false;
    }

    /** The fields of {@code step.started} for a node run once (a parallel block too): its place, one attempt. */
    static Map<String, Object> started(Node node, int index, int of) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", node.name());
        d.put("kind", node.kind());
        d.put("index", index + 1);
        d.put("of", of);
        d.put("attempt", 1);
        d.put("attempts", 1);
        return d;
    }

    /** The first fields of its {@code step.finished}; the status and error follow. */
    static Map<String, Object> finished(Node node, long durationMs) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", node.name());
        d.put("kind", node.kind());
        d.put("attempts", 1);
        d.put("durationMs", durationMs);
        return d;
    }
}
