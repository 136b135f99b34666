package dev.runbook.model;

/** A unit of work. {@code onFailure} is null when the step has no handler of its own. */
public record Step(String name, StepOptions options, Action body, Action onFailure, SourcePos pos) implements Node {
    @Override
    public String kind() {
        return "step";
    }

    @Override
    public boolean safeToRunAgain() {
        return options.idempotent();
    }
}
