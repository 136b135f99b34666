package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.model.Step;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code step}: its {@code when:} condition, then up to {@code retry + 1} attempts, each on a worker with the
 * step's timeout, a {@code backoff} wait between them (a Ctrl-C during the wait stops it), then, when the last
 * attempt failed, the step's own {@code onFailure} and either {@code continueOnFailure} or the run's failure.
 */
final class StepRun implements NodeRunner<Step> {
    private final RunContext run;

    StepRun(RunContext run) {
        this.run = run;
    }

    @Override
    public boolean run(Step step, int index) {
        StepResult r = run.result(step.name());
        var o = step.options();
        if (o.when() != null) {
            Boolean go = run.conditions.when(o.when(), step.name(), index, error -> emitFinished(step, r, error));
            if (go == null) return false;
            if (!go) return true;
        }
        long t0 = run.clock().millis();
        r.status(StepStatus.RUNNING);
        StepFailure last = null;
        int attempt = 0;
        while (attempt < o.attempts()) {
            attempt++;
            r.attempts(attempt);
            r.resetOutput();
            Map<String, Object> started = new LinkedHashMap<>();
            started.put("step", step.name());
            started.put("index", index + 1);
            started.put("of", run.size());
            started.put("attempt", attempt);
            started.put("attempts", o.attempts());
            if (o.expected() != null) started.put("expectedMs", o.expected().toMillis());
            if (o.timeout() != null) started.put("timeoutMs", o.timeout().toMillis());
            // written now, fsynced with the step's first action (its command.started, or the sync before an
            // integration call) or its step.finished: one fsync where there were two (EventBus.sync)
            run.bus().emit(EventTypes.STEP_STARTED, started, false);
            try {
                Object value = run.workers.run(step.name(), o.timeout(), o.expected(),
                        p -> run.workers.call(step.body(), step.name(), r, null, p));
                r.value(value);
                last = null;
                break;
            } catch (StepFailure f) {
                last = afterFailedAttempt(step, attempt, f);
                if (last != null) break;
            }
        }
        r.duration(Duration.ofMillis(run.clock().millis() - t0));
        if (last == null) {
            r.status(StepStatus.OK);
            emitFinished(step, r, null);
            return true;
        }
        r.error(run.redact(last.getMessage()));
        if (step.onFailure() != null) {
            run.handlers.run("step onFailure", step.onFailure(), step.name(),
                    new Failure(step.name(), run.redact(last.getMessage()), RunState.kindLabel(last.kind()), attempt));
        }
        if (o.continueOnFailure() && last.kind() != StepFailure.Kind.ABORTED && last.kind() != StepFailure.Kind.MEMORY) {
            r.status(StepStatus.FAILED_CONTINUED);
            emitFinished(step, r, last.getMessage());
            return true;
        }
        r.status(StepStatus.FAILED);
        emitFinished(step, r, last.getMessage());
        run.state.fail(step.name(), last, attempt, run.bus().redactor());
        return false;
    }

    /**
     * Journals a failed attempt and, when another follows, waits the backoff.
     *
     * @return null when the step tries again; else the failure it ends with: this one when it was the last attempt,
     * or the operator's when a Ctrl-C stopped the wait
     */
    private StepFailure afterFailedAttempt(Step step, int attempt, StepFailure f) {
        var o = step.options();
        boolean willRetry = attempt < o.attempts() && f.kind() != StepFailure.Kind.ABORTED && f.kind() != StepFailure.Kind.MEMORY;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", step.name());
        d.put("attempt", attempt);
        d.put("attempts", o.attempts());
        d.put("kind", RunState.kindLabel(f.kind()));
        d.put("error", f.getMessage());
        if (willRetry) d.put("retryInMs", o.backoff().toMillis());
        // counted before the event is shown: a Ctrl-C pressed on seeing it must stop the wait
        int seen = run.interruptCount();
        run.bus().emit(EventTypes.ATTEMPT_FAILED, d);
        if (!willRetry) return f;
        try {
            if (!run.clock().sleep(o.backoff(), () -> run.interruptCount() > seen)) {
                return new StepFailure("stopped by " + run.stoppedBy() + " while waiting to retry", StepFailure.Kind.ABORTED);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return f;
        }
    }

    private void emitFinished(Step step, StepResult r, String error) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", step.name());
        d.put("status", r.status().label());
        d.put("attempts", r.getAttempts());
        d.put("durationMs", r.getDuration().toMillis());
        if (step.options().expected() != null) d.put("expectedMs", step.options().expected().toMillis());
        if (error != null) d.put("error", error);
        // journaled so that a resumed run gives later steps the same steps['name'].value
        Object v = r.getValue();
        if (v instanceof CharSequence || v instanceof Number || v instanceof Boolean) d.put("value", v instanceof CharSequence ? v.toString() : v);
        else if (v instanceof dev.runbook.model.CommandResult) d.put("valueIsCommand", true);
        run.bus().emit(EventTypes.STEP_FINISHED, d);
    }
}
