package dev.runbook.engine;

import java.util.Locale;

/**
 * Where a run stands: the failure it ends with so far, whether the operator aborted it, whether the process is about
 * to exit, and whether its end is journaled. Every room that can fail or stop the run writes here; the outcome is
 * read from here.
 */
final class RunState {
    private volatile Failure failure;
    /** The last failure of any node, with what caused it (the REPL's trace shows its stack). */
    private volatile StepFailure lastFailure;
    private volatile boolean aborted;
    /** Set by a second Ctrl-C that exits, or by SIGTERM/SIGHUP: the process exits in a moment; no handler starts. */
    private volatile boolean exiting;
    /** False for a run abandoned before any step: its handlers answer what the steps did, and nothing was done. */
    private boolean handlersWanted = true;
    /** finish() has run (the handlers ran, or were not wanted). */
    private boolean finished;
    /**
     * run.finished is journaled: the run has its end, and a signal that comes later adds nothing to it. Not the same as
     * {@code finished}, which is set before the handlers run: a SIGTERM during them must still journal run.terminated.
     */
    private volatile boolean ended;

    /** Records the first failure of the run; an aborted one makes the run aborted. */
    synchronized void fail(String node, StepFailure f, int attempts, Redactor redactor) {
        lastFailure = f;
        if (f.kind() == StepFailure.Kind.ABORTED) aborted = true;
        if (failure == null) failure = new Failure(node, redactor.redact(f.getMessage()), kindLabel(f.kind()), attempts);
    }

    /** The operator ends the run at {@code node}, or a Ctrl-C came before it: the run counts as aborted. */
    synchronized void abortAt(String node, String why) {
        aborted = true;
        if (failure == null) failure = new Failure(node, why, "aborted", 0);
    }

    /** The operator takes the run back in hand (the REPL): the stop is forgotten. */
    void clearAbort() { aborted = false; }

    /** A node the operator retries or skips: its failure, when it is the run's, is forgotten (the journal keeps it). */
    synchronized void forget(String node) {
        if (failure != null && node.equals(failure.getStep())) failure = null;
    }

    Failure failure() { return failure; }
    StepFailure lastFailure() { return lastFailure; }
    boolean aborted() { return aborted; }
    boolean exiting() { return exiting; }
    void exiting(boolean v) { exiting = v; }
    boolean handlersWanted() { return handlersWanted; }
    void noHandlers() { handlersWanted = false; }
    boolean finished() { return finished; }
    void finished(boolean v) { finished = v; }
    boolean ended() { return ended; }
    void ended(boolean v) { ended = v; }

    Outcome outcome() {
        if (aborted) return Outcome.ABORTED;
        return failure == null ? Outcome.SUCCEEDED : Outcome.FAILED;
    }

    static String kindLabel(StepFailure.Kind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }
}
