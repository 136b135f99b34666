package dev.runbook.repl;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Asks the operator a question at the terminal. */
public interface Asker {
    /**
     * Asks and waits for a line. Null on Ctrl-C, at the end of input ({@link #endedAt} then names the question), and as
     * soon as {@code stop} says so (an approval arrived from another terminal): the question is taken back at once.
     */
    String ask(String prompt, BooleanSupplier stop);

    default String ask(String prompt) {
        return ask(prompt, () -> false);
    }

    /** The question at which the input ended (a pipe that ran dry, Ctrl-D); null while there is input. */
    String endedAt();

    /** A question as a message names it: {@code approver for approval P1}, without the advice and the answers offered. */
    static String named(String question) {
        String q = question.strip();
        if (q.startsWith("? ")) q = q.substring(2);
        for (String cut : new String[] {" (", " — ", "  done?", " [", " > "}) {
            int i = q.indexOf(cut);
            if (i > 0) q = q.substring(0, i);
        }
        return q.length() > 60 ? q.substring(0, 57) + "..." : q;
    }

    /** A yes/no question whose default is no: only y or yes says yes; end of input gives {@code atEnd}. */
    default boolean yes(String question, boolean atEnd) {
        String answer = ask(question + " [y/N] ");
        if (answer == null) return endedAt() != null && atEnd;
        answer = answer.strip().toLowerCase(Locale.ROOT);
        return answer.equals("y") || answer.equals("yes");
    }
}
