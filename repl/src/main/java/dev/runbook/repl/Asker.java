package dev.runbook.repl;

/** Asks the operator a question at the terminal; null when nobody can answer (end of input). */
@FunctionalInterface
public interface Asker {
    String ask(String prompt);

    /** A yes/no question whose default is no: only y or yes says yes; end of input gives {@code atEnd}. */
    default boolean yes(String question, boolean atEnd) {
        String answer = ask(question + " [y/N] ");
        if (answer == null) return atEnd;
        answer = answer.strip().toLowerCase(java.util.Locale.ROOT);
        return answer.equals("y") || answer.equals("yes");
    }
}
