package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.model.Parallel;
import dev.runbook.model.Step;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code parallel { }}: its steps run at once, each with its own worker, timeout, retries, handler and journal
 * events, exactly as one after the other would ({@link StepRun}). A step that already finished (ok, skipped or
 * failed and continued) is not run again when the block runs again (resume, or the REPL after a failure).
 */
final class ParallelRun implements NodeRunner<Parallel> {
    private final RunContext run;
    private final StepRun steps;

    ParallelRun(RunContext run, StepRun steps) {
        this.run = run;
        this.steps = steps;
    }

    @Override
    public boolean run(Parallel p, int index) {
        StepResult r = run.result(p.name());
        long t0 = run.clock().millis();
        r.status(StepStatus.RUNNING);
        r.attempts(1);
        Map<String, Object> started = OnceNode.started(p, index, run.size());
        started.put("steps", p.steps().stream().map(Step::name).toList());
        run.bus().emit(EventTypes.STEP_STARTED, started);
        runSteps(p, index);
        r.duration(Duration.ofMillis(run.clock().millis() - t0));
        List<String> failed = p.steps().stream().filter(st -> run.result(st.name()).status() == StepStatus.FAILED)
                .map(Step::name).toList();
        boolean continued = p.steps().stream().anyMatch(st -> run.result(st.name()).status() == StepStatus.FAILED_CONTINUED);
        Map<String, Object> d = OnceNode.finished(p, r.getDuration().toMillis());
        if (failed.isEmpty()) {
            r.status(continued ? StepStatus.FAILED_CONTINUED : StepStatus.OK);
            d.put("status", r.status().label());
            if (continued) d.put("error", "a step failed and the block went on (continueOnFailure)");
            run.bus().emit(EventTypes.STEP_FINISHED, d);
            return true;
        }
        r.status(StepStatus.FAILED);
        String why = (failed.size() == 1 ? "step '" + failed.get(0) + "' failed" : "steps '" + String.join("', '", failed) + "' failed")
                + ": " + run.result(failed.get(0)).getError();
        r.error(why);
        d.put("status", r.status().label());
        d.put("error", why);
        run.bus().emit(EventTypes.STEP_FINISHED, d);
        // the failing step already recorded itself as the run's failure; this covers a block stopped some other way
        run.state.fail(p.name(), new StepFailure(why, StepFailure.Kind.ERROR), 1, run.bus().redactor());
        return false;
    }

    /** One virtual thread per step still to run; returns when all ended. */
    private void runSteps(Parallel p, int index) {
        Map<String, Thread> running = new LinkedHashMap<>();
        for (Step st : p.steps()) {
            StepStatus before = run.result(st.name()).status();
            if (before == StepStatus.OK || before == StepStatus.SKIPPED || before == StepStatus.FAILED_CONTINUED) continue;
            running.put(st.name(), Thread.ofVirtual().name("runbook: " + st.name()).start(() -> steps.run(st, index)));
        }
        for (Thread t : running.values()) {
            // Ctrl-C reaches each step's own worker; this thread only waits for all of them
            boolean joined = false;
            while (!joined) {
                try {
                    t.join();
                    joined = true;
                } catch (InterruptedException e) {
                    running.values().forEach(Thread::interrupt);
                }
            }
        }
    }
}
