package dev.runbook.repl;

import dev.runbook.model.Runbook;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where the operator is in the REPL's runbook: the node that runs next (the cursor), the nodes that ran and failed
 * last ({@code retry} and {@code log} go back to them), and the breakpoints. A runbook loaded starts them afresh.
 */
final class Position {
    private int cursor;
    private int lastRun = -1;
    private int lastFailed = -1;
    private final Set<String> breaks = new LinkedHashSet<>();

    void reset() {
        cursor = 0;
        lastRun = -1;
        lastFailed = -1;
        breaks.clear();
    }

    int cursor() { return cursor; }
    void moveTo(int index) { cursor = index; }

    /** The node that ran last; -1 when none has. */
    int lastRun() { return lastRun; }

    /** The node that failed last and has not run ok or been skipped since; -1 when none. */
    int lastFailed() { return lastFailed; }

    Set<String> breaks() { return breaks; }

    /** The name of the cursor's node, or null when the cursor is past the last one. */
    String at(Runbook runbook) {
        return cursor < runbook.nodes().size() ? runbook.nodes().get(cursor).name() : null;
    }

    /** Node {@code index} is about to run. */
    void running(int index) { lastRun = index; }

    /** Node {@code index} ran ok: it is no longer the failed one, and the cursor moves past it when it was on it. */
    void ranOk(int index) {
        if (lastFailed == index) lastFailed = -1;
        if (cursor == index) cursor = index + 1;
    }

    void failed(int index) { lastFailed = index; }

    /** Node {@code index} was skipped: as {@link #ranOk}, it is no longer the failed one and the cursor moves past it. */
    void skipped(int index) {
        if (lastFailed == index) lastFailed = -1;
        if (cursor == index) cursor++;
    }
}
