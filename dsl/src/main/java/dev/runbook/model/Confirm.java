package dev.runbook.model;

/**
 * The operator must type {@code word} to go on: a guard before a dangerous step.
 *
 * @param when {@code when: { ... }}: false skips the question (null: always asked)
 */
public record Confirm(String word, String prompt, SourcePos pos, Action when) implements Node {
    @Override
    public String name() {
        return "confirm " + word;
    }

    @Override
    public String kind() {
        return "confirm";
    }
}
