package dev.runbook.model;

/** A checklist item the operator must confirm before the run goes on. */
public record Manual(String text, SourcePos pos) implements Node {
    @Override
    public String name() {
        return text;
    }

    @Override
    public String kind() {
        return "manual";
    }
}
