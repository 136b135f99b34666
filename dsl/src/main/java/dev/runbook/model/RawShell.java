package dev.runbook.model;

/**
 * Shell text an author means as shell: {@code sh "kubectl ${raw(flags)} rollout undo"}. Every other value put into a
 * command is quoted as data; this one is inserted as it is, so it must never come from a person's input unchecked
 * ({@code runbook check} warns when it comes from a param without {@code pattern:} or {@code choices:}).
 */
public record RawShell(String text) {
    public RawShell {
        text = text == null ? "" : text;
    }

    @Override
    public String toString() {
        return text;
    }
}
