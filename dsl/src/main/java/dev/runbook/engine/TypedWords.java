package dev.runbook.engine;

import java.util.Set;
import java.util.function.BooleanSupplier;

/** An operator with confirm words given up front ({@code --confirm WORD}); every other question goes to {@code base}. */
final class TypedWords implements Operator {
    private final Operator base;
    private final Set<String> words;

    TypedWords(Operator base, Set<String> words) {
        this.base = base;
        this.words = words;
    }

    @Override public boolean interactive() { return base.interactive(); }
    @Override public boolean confirm(String text) { return base.confirm(text); }
    @Override public String source() { return base.source(); }
    @Override public String askLine(String prompt, BooleanSupplier stop) { return base.askLine(prompt, stop); }

    @Override
    public boolean typeWord(String word, String prompt) {
        return words.contains(word) || base.typeWord(word, prompt);
    }

    @Override
    public boolean canType(String word) {
        return words.contains(word) || base.canType(word);
    }

    @Override
    public boolean typedUpFront(String word) {
        return words.contains(word);
    }
}
