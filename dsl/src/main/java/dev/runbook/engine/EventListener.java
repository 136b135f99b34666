package dev.runbook.engine;

import dev.runbook.journal.Event;

/** Something that shows or keeps events after they are journaled: the console, the REPL, a test. */
@FunctionalInterface
public interface EventListener {
    void onEvent(Event event);
}
