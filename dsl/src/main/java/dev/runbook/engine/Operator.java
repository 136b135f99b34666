package dev.runbook.engine;

/** The person at the keyboard, asked to confirm manual items and type confirmation words. */
public interface Operator {
    /** False when nobody can answer (no terminal): the run refuses manual items unless {@code --yes}. */
    boolean interactive();

    /** Asks the operator to confirm a checklist item; true when they confirm it. */
    boolean confirm(String text);

    /** Asks the operator to type {@code word}; true when they did. */
    boolean typeWord(String word, String prompt);

    /** How the answer is recorded in the journal: "operator", "--yes". */
    String source();

    /**
     * Whether a {@code confirm} asking for {@code word} (null: a word not known before the run) can be answered:
     * someone at a terminal can type it, or it was given up front ({@code --confirm WORD}). {@code --yes} types no
     * word: a guard the author made the operator type must stay a guard in an unattended run.
     */
    default boolean canType(String word) {
        return interactive();
    }

    /** True when {@code word} was typed up front ({@code --confirm WORD}) rather than at a prompt. */
    default boolean typedUpFront(String word) {
        return false;
    }

    /** This operator, with {@code words} typed up front ({@code --confirm WORD}); the rest asked as before. */
    static Operator typing(Operator base, java.util.Collection<String> words) {
        return words.isEmpty() ? base : new TypedWords(base, java.util.Set.copyOf(words));
    }

    /**
     * Asks for a line of text (an approver's name) without blocking the run's other sources: returns null as soon
     * as {@code stop} says so (an approval arrived from another terminal) or when nobody can answer.
     */
    default String askLine(String prompt, java.util.function.BooleanSupplier stop) {
        return null;
    }

    /**
     * Confirms every manual item: {@code --yes}, for CI and pre-approved automation. Types no confirm word: that
     * takes {@code --confirm WORD} ({@link #typing}).
     */
    Operator YES = new Operator() {
        public boolean interactive() { return true; }
        public boolean confirm(String text) { return true; }
        public boolean typeWord(String word, String prompt) { return false; }
        public boolean canType(String word) { return false; }
        public String source() { return "--yes"; }
    };

    /** Nobody is there: every question is declined. */
    Operator NOBODY = new Operator() {
        public boolean interactive() { return false; }
        public boolean confirm(String text) { return false; }
        public boolean typeWord(String word, String prompt) { return false; }
        public String source() { return "nobody"; }
    };
}
