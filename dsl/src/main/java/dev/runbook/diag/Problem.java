package dev.runbook.diag;

import dev.runbook.model.SourcePos;

/**
 * One thing wrong with a runbook or its input, said so its author can fix it:
 * {@code file:line:col: what is wrong — what to write instead}.
 *
 * @param hint what to write instead; empty when there is nothing useful to add
 */
public record Problem(SourcePos pos, String message, String hint) {
    public Problem {
        hint = hint == null ? "" : hint;
    }

    @Override
    public String toString() {
        String where = pos == null ? "" : pos + ": ";
        return hint.isEmpty() ? where + message : where + message + " — " + hint;
    }
}
