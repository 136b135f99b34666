package dev.runbook.lang;

import java.util.function.Consumer;

/**
 * Where {@code println} goes while a step's code runs. Groovy sends a closure's {@code println} to the closure's
 * owner, the runbook script, whatever the delegate: the script asks here for the step that runs on this thread, and
 * the engine's step scope answers with its output (console and journal, secrets masked).
 */
public final class StepPrinting {
    private static final ThreadLocal<Consumer<String>> CURRENT = new ThreadLocal<>();

    private StepPrinting() {}

    /** The engine: a step's code runs on this thread until {@link #leave}; its printed text goes to {@code output}. */
    public static Consumer<String> enter(Consumer<String> output) {
        StepStreams.install(); // System.out/err written by a step go to the step too (masked), not to the terminal
        Consumer<String> before = CURRENT.get();
        CURRENT.set(output);
        return before;
    }

    public static void leave(Consumer<String> before) {
        Consumer<String> leaving = CURRENT.get();
        if (leaving != null) StepStreams.endOfStep(leaving);
        if (before == null) CURRENT.remove();
        else CURRENT.set(before);
    }

    /** The step's output on this thread, or null outside a step (the runbook being defined). */
    static Consumer<String> current() {
        return CURRENT.get();
    }
}
