package dev.runbook.repl;

import dev.runbook.engine.Operator;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * The operator at the REPL answers manual items, confirmation words and approvals at the same terminal. An
 * approver named ahead with {@code approve NAME} answers the next approval point without a question.
 */
final class ReplOperator implements Operator {
    private final Asker asker;
    private final Queue<String> approvers = new ConcurrentLinkedQueue<>();

    ReplOperator(Asker asker) {
        this.asker = asker;
    }

    void approveNext(String approver) {
        approvers.add(approver);
    }

    @Override public boolean interactive() { return true; }
    @Override public String source() { return "operator"; }

    @Override
    public boolean confirm(String text) {
        return asker.yes("      ? " + text + "  done?", false);
    }

    @Override
    public boolean typeWord(String word, String prompt) {
        String answer = asker.ask("      " + (prompt.isEmpty() ? "" : prompt + " — ") + "type " + word + " to go on: ");
        return answer != null && answer.strip().equals(word);
    }

    @Override
    public String askLine(String prompt, BooleanSupplier stop) {
        String queued = approvers.poll();
        if (queued != null) return queued;
        return asker.ask("      ? " + prompt + " > ");
    }
}
