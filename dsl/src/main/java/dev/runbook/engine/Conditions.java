package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.model.Action;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

import java.util.Map;
import java.util.function.Consumer;

/**
 * A node's {@code when:} condition (steps and includes) and a node that is skipped, as the journal records them: a
 * false condition and the operator's {@code skip} both make the node skipped with a {@code step.skipped} event.
 */
final class Conditions {
    private final RunContext run;

    Conditions(RunContext run) {
        this.run = run;
    }

    /**
     * Evaluates {@code when} on a worker.
     *
     * @param failed what the node's kind journals besides when the condition itself fails (a step: its
     *               {@code step.finished}), given the failure's words; null for nothing
     * @return true: run the node; false: it was skipped (journaled); null: the condition failed, which is the node's
     * failure and the run's
     */
    Boolean when(Action when, String node, int index, Consumer<String> failed) {
        StepResult r = run.result(node);
        try {
            boolean go = DefaultTypeTransformation.castToBoolean(run.workers.run(node, null, null,
                    p -> run.workers.call(when, node, null, null, p)));
            if (!go) skipped(node, index, "when: condition is false");
            return go;
        } catch (StepFailure f) {
            r.status(StepStatus.FAILED);
            r.error(run.redact("when: " + f.getMessage()));
            if (failed != null) failed.accept("when: condition failed: " + f.getMessage());
            run.state.fail(node, new StepFailure("its when: condition failed: " + f.getMessage(), f.kind()), 0,
                    run.bus().redactor());
            return null;
        }
    }

    /** Node {@code index} (0-based) counts as skipped, for {@code reason}. */
    void skipped(String node, int index, String reason) {
        run.result(node).status(StepStatus.SKIPPED);
        run.bus().emit(EventTypes.STEP_SKIPPED, Map.of("step", node, "index", index + 1, "of", run.size(), "reason", reason));
    }
}
