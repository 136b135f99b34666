package dev.runbook.model;

import java.util.List;

/**
 * {@code parallel { step(...) {...} ... }}: steps that run at once. Each keeps its own options, retries, handler and
 * journal events; the node is done when all of them are, and fails when one of them failed (without
 * {@code continueOnFailure}).
 */
public record Parallel(String name, List<Step> steps, SourcePos pos) implements Node {
    public Parallel {
        steps = List.copyOf(steps);
    }

    @Override
    public String kind() {
        return "parallel";
    }

    /** Run again on resume without asking only when every step in it may be. */
    @Override
    public boolean safeToRunAgain() {
        return steps.stream().allMatch(Step::safeToRunAgain);
    }
}
