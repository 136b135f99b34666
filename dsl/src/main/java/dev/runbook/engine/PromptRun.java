package dev.runbook.engine;

import dev.runbook.model.Action;
import dev.runbook.model.Confirm;
import dev.runbook.model.Manual;
import dev.runbook.model.Node;

import java.time.Duration;

/**
 * A top-level {@code manual} (the operator confirms an action done by hand) or {@code confirm} (the operator types
 * a word). The question and answer are journaled by {@link OperatorQuestions}; a declined one aborts the run. A false
 * {@code when:} skips it, journaled as skipped.
 */
final class PromptRun implements NodeRunner<Node> {
    private final RunContext run;

    PromptRun(RunContext run) {
        this.run = run;
    }

    @Override
    public boolean run(Node node, int index) {
        Action when = node instanceof Manual m ? m.when() : node instanceof Confirm c ? c.when() : null;
        if (when != null) {
            Boolean go = run.conditions.when(when, node.name(), index, null);
            if (go == null) return false;
            if (!go) return true;
        }
        StepResult r = run.result(node.name());
        long t0 = run.clock().millis();
        r.status(StepStatus.RUNNING);
        try {
            run.workers.run(node.name(), null, null, p -> {
                switch (node) {
                    case Manual m -> run.questions.askManual(m.text(), null, index);
                    case Confirm c -> run.questions.askWord(c.word(), c.prompt(), null, index);
                    default -> throw new IllegalArgumentException("not a prompt: " + node.kind());
                }
                return null;
            });
            r.status(StepStatus.OK);
            r.duration(Duration.ofMillis(run.clock().millis() - t0));
            return true;
        } catch (StepFailure f) {
            r.status(StepStatus.FAILED);
            r.error(run.redact(f.getMessage()));
            run.state.fail(node.name(), f, 1, run.bus().redactor());
            return false;
        }
    }
}
