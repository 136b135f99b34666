package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.model.Action;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a handler: a step's own {@code onFailure}, or the runbook's {@code onFailure} and {@code always}. A handler that
 * fails is journaled as failed and does not change how the run ended; nothing starts once the process is exiting.
 */
final class HandlerRun {
    private final RunContext run;

    HandlerRun(RunContext run) {
        this.run = run;
    }

    /**
     * @param kind    "step onFailure", "onFailure" or "always"
     * @param step    the step whose handler this is; null for the runbook's
     * @param failure what the handler's parameter receives; null when nothing failed
     */
    void run(String kind, Action handler, String step, Failure failure) {
        if (run.state.exiting()) return; // the process is about to exit (second Ctrl-C, SIGTERM): nothing new starts
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("handler", kind);
        if (step != null) d.put("step", step);
        if (run.dryRun() && !"always".equals(kind)) {
            // a dry run changed nothing: a failure handler would undo or report effects nobody caused
            Map<String, Object> skipped = new LinkedHashMap<>(d);
            skipped.put("status", "skipped");
            skipped.put("reason", "dry run: nothing was changed for it to undo");
            skipped.put("durationMs", 0);
            run.bus().emit(EventTypes.HANDLER_FINISHED, skipped);
            return;
        }
        run.bus().emit(EventTypes.HANDLER_STARTED, d);
        long t0 = run.clock().millis();
        String label = step == null ? kind : kind + " of " + step;
        Map<String, Object> done = new LinkedHashMap<>(d);
        try {
            run.workers.call(handler, label, failure);
            done.put("status", "ok");
        } catch (StepFailure e) {
            done.put("status", "failed");
            done.put("error", e.getMessage());
        }
        done.put("durationMs", run.clock().millis() - t0);
        run.bus().emit(EventTypes.HANDLER_FINISHED, done);
    }
}
