package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.lang.Durations;
import dev.runbook.model.Action;
import dev.runbook.model.SourcePos;
import groovy.lang.GroovyObject;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The run's worker threads: every body a runbook wrote (a step attempt, a handler, a condition, a gate's poll, a
 * line typed at the REPL) runs on a {@link StepWorker} while the calling thread watches the clock and the operator.
 * On timeout or Ctrl-C the worker's own processes are killed and the worker is interrupted; one that ignores the
 * interrupt (a pure Groovy busy loop) is abandoned after {@link #ABANDON_AFTER_MS}. What a body threw becomes words
 * for the operator here ({@link #toFailure}).
 */
final class Workers {
    /**
     * How long a worker that ignores interruption is waited for before it is abandoned. Longer than a fan-out's own wait
     * for its stopped targets ({@link FanOut#ABANDON_AFTER_MS}), which runs on this worker: the fan-out must report a
     * target it left behind (its {@code fanout.target} event and summary) before the step is given up, not race it.
     * With the two equal, the step won now and then on a loaded machine and the run ended without those events.
     */
    static final long ABANDON_AFTER_MS = FanOut.ABANDON_AFTER_MS + 2000;

    private final RunContext run;
    /** Every process the run started and that still runs, whichever step, handler or target started it. */
    private final TrackedProcesses allProcesses = new TrackedProcesses(null);
    /** The worker threads running now: one, or one per step of a parallel block. */
    private final Set<StepWorker> running = ConcurrentHashMap.newKeySet();

    Workers(RunContext run) {
        this.run = run;
    }

    /** The processes of the whole run: what the operator's second Ctrl-C kills. */
    TrackedProcesses allProcesses() {
        return allProcesses;
    }

    /** What one of the running workers runs (for the journal of a Ctrl-C or a signal); null when none runs. */
    String currentLabel() {
        return running.stream().findFirst().map(StepWorker::label).orElse(null);
    }

    /** Runs a runbook block with a step's scope on the calling thread (which is a worker already). */
    Object call(Action action, String label, StepResult result, Failure f, TrackedProcesses processes) {
        GroovyObject script = (GroovyObject) action.closure().getThisObject();
        return new StepScope(run, label, result, script, processes, null).evaluate(action.closure(), f);
    }

    /** {@link #run(String, Duration, Duration, Function)} of one block, with no timeout. */
    Object call(Action action, String label, Failure f) {
        return run(label, null, null, p -> call(action, label, null, f, p));
    }

    /**
     * Runs {@code body} on a worker thread while this thread watches the clock and the operator: on timeout or
     * Ctrl-C, the worker's processes are killed and the worker is interrupted.
     *
     * @param expected past it, {@code step.overdue} is journaled once (null: never)
     * @throws StepFailure when the body failed, timed out or was stopped
     */
    Object run(String label, Duration timeout, Duration expected, Function<TrackedProcesses, Object> body) {
        Clock clock = run.clock();
        AtomicReference<Object> value = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        // this worker's own processes: its timeout kills them and nothing that runs beside it (parallel steps)
        TrackedProcesses processes = new TrackedProcesses(allProcesses);
        int seen = run.interruptCount();
        StepFailure.Kind stopReason = null;
        long start = clock.millis();
        long stoppedAt = 0;
        boolean warned = false;
        StepWorker t = new StepWorker(label, () -> {
            try {
                value.set(body.apply(processes));
            } catch (Throwable e) {
                error.set(e);
            }
        });
        running.add(t);
        t.start();
        try {
            while (t.isAlive()) {
                t.join(20);
                long elapsed = clock.millis() - start;
                if (stopReason == null && run.interruptCount() > seen) {
                    stopReason = StepFailure.Kind.ABORTED;
                } else if (stopReason == null && timeout != null && elapsed >= timeout.toMillis()) {
                    stopReason = StepFailure.Kind.TIMEOUT;
                }
                if (stopReason != null && stoppedAt == 0) {
                    stoppedAt = System.nanoTime() / 1_000_000;
                    processes.killAll();
                    t.interrupt();
                }
                if (stoppedAt != 0 && System.nanoTime() / 1_000_000 - stoppedAt > ABANDON_AFTER_MS) break;
                if (!warned && expected != null && elapsed > expected.toMillis() && t.isAlive()) {
                    warned = true;
                    run.bus().emit(EventTypes.STEP_OVERDUE, Map.of("step", label, "expectedMs", expected.toMillis(), "elapsedMs", elapsed));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            processes.killAll();
            t.interrupt();
            throw new StepFailure("interrupted", StepFailure.Kind.ABORTED);
        } finally {
            running.remove(t);
        }
        // the step may have ended between two looks at the clock: one that took longer than its timeout timed out
        // (on a virtual clock a scripted command moves time at once, so this is where its timeout shows)
        if (stopReason == null && timeout != null && clock.millis() - start >= timeout.toMillis()) stopReason = StepFailure.Kind.TIMEOUT;
        if (stopReason == StepFailure.Kind.TIMEOUT) {
            throw new StepFailure("timed out after " + Durations.format(timeout) + " (its processes were killed)", StepFailure.Kind.TIMEOUT);
        }
        if (stopReason == StepFailure.Kind.ABORTED) {
            throw new StepFailure("stopped by " + run.stoppedBy(), StepFailure.Kind.ABORTED);
        }
        if (error.get() != null) throw toFailure(error.get());
        return value.get();
    }

    /** Turns whatever a step threw into words for the operator, with the runbook line where it happened. */
    StepFailure toFailure(Throwable t) {
        if (t instanceof OutOfMemoryError) return new StepFailure(OutOfMemory.message(), StepFailure.Kind.MEMORY);
        if (t instanceof StepFailure f) {
            SourcePos pos = f.getStackTrace().length == 0 ? null : run.runbook().positionIn(f, null);
            return pos == null ? f : new StepFailure(pos + ": " + f.getMessage(), f.kind(), f);
        }
        String call = t instanceof MissingMethodException m ? m.getMethod() : null;
        SourcePos pos = run.runbook().positionIn(t, call);
        String where = pos == null ? "" : pos + ": ";
        String msg;
        if (t instanceof MissingPropertyException mp) {
            msg = "no property '" + mp.getProperty() + "' on " + (mp.getType() == null ? "this object" : mp.getType().getSimpleName());
        } else if (t instanceof MissingMethodException mm) {
            msg = "no method '" + mm.getMethod() + "' on " + (mm.getType() == null ? "this object" : mm.getType().getSimpleName())
                    + " for these arguments";
        } else if (t instanceof NullPointerException) {
            msg = "a value was null: " + firstLine(t.getMessage());
        } else {
            msg = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()));
        }
        return new StepFailure(where + msg, StepFailure.Kind.ERROR, t);
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
