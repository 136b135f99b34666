package dev.runbook.model;

/**
 * A checklist item the operator must confirm before the run goes on.
 *
 * @param when {@code when: { ... }}: false skips the item (null: always asked)
 */
public record Manual(String text, SourcePos pos, Action when) implements Node {
    @Override
    public String name() {
        return text;
    }

    @Override
    public String kind() {
        return "manual";
    }
}
