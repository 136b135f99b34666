package dev.runbook.repl;

import dev.runbook.engine.Operator;
import dev.runbook.engine.StepFailure;

import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * The operator at the REPL answers manual items, confirmation words and approvals at the same terminal. An
 * approver named ahead with {@code approve NAME} answers the next approval point without a question.
 *
 * <p>Nobody answering is never taken as an answer: at the end of input the question fails the node as aborted (the
 * REPL then ends the run, see {@link Repl#run}), since asking again would spin on a pipe that has run dry; Ctrl-C
 * stops the node ({@code interruptRun}) and the prompt comes back with it still to do.
 */
final class ReplOperator implements Operator {
    private final Asker asker;
    private final Runnable interruptRun;
    private final Queue<String> approvers = new ConcurrentLinkedQueue<>();

    ReplOperator(Asker asker, Runnable interruptRun) {
        this.asker = asker;
        this.interruptRun = interruptRun;
    }

    void approveNext(String approver) {
        approvers.add(approver);
    }

    @Override public boolean interactive() { return true; }
    @Override public String source() { return "operator"; }

    /** y confirms, n declines; anything else (Enter too) asks again: a stray Enter must not fail a step. */
    @Override
    public boolean confirm(String text) {
        while (true) {
            String answer = answered("      ? " + text + "  done? [y/n] ", () -> false);
            if (answer == null) return false;
            answer = answer.strip().toLowerCase(Locale.ROOT);
            if (answer.equals("y") || answer.equals("yes")) return true;
            if (answer.equals("n") || answer.equals("no")) return false;
        }
    }

    @Override
    public boolean typeWord(String word, String prompt) {
        String answer = answered("      " + (prompt.isEmpty() ? "" : prompt + " — ") + "type " + word + " to go on: ", () -> false);
        return answer != null && answer.strip().equals(word);
    }

    @Override
    public String askLine(String prompt, BooleanSupplier stop) {
        String queued = approvers.poll();
        if (queued != null) return queued;
        return answered("      ? " + prompt + " > ", stop);
    }

    /**
     * The answer; null when {@code stop} took the question back or on Ctrl-C (after stopping the node).
     *
     * @throws StepFailure (aborted) at the end of input: nobody is left to answer
     */
    private String answered(String question, BooleanSupplier stop) {
        String answer = asker.ask(question, stop);
        if (answer != null) return answer;
        if (asker.endedAt() != null) {
            throw new StepFailure("end of input at the question '" + Asker.named(question) + "': nobody is left to answer",
                    StepFailure.Kind.ABORTED);
        }
        if (!stop.getAsBoolean()) interruptRun.run(); // Ctrl-C: the node stops, the prompt comes back
        return null;
    }
}
