package dev.runbook.engine;

import dev.runbook.journal.EventTypes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C and the signals that end the process. The first Ctrl-C stops the running step (its process tree is killed)
 * and lets the failure path run; the second means "get out now": the run's commands are killed. Both are journaled.
 * SIGTERM and SIGHUP end the run as a second Ctrl-C that exits does. Every room that waits counts the interrupts
 * here: a wait that sees the count grow stops.
 *
 * <p>An included runbook's sub-run gets the same interrupts while it runs ({@link #enter}).
 */
final class Interrupts {
    private final RunContext run;
    private final AtomicInteger count = new AtomicInteger();
    /** The interrupts of the sub-run an include is running now; null when none runs. */
    private volatile Interrupts included;
    /** The signal that ends the process (SIGTERM, SIGHUP); null while only the operator interrupted. */
    private volatile String signal;

    Interrupts(RunContext run) {
        this.run = run;
    }

    int count() { return count.get(); }

    /** The REPL takes the run back in hand: earlier Ctrl-Cs no longer stop what runs next. */
    void reset() { count.set(0); }

    /** While an include runs its sub-run, Ctrl-C and signals reach the sub-run too; null when it ended. */
    void enter(Interrupts sub) {
        included = sub;
        if (sub != null && count.get() > 0) sub.interrupt(false);
    }

    /** The failure an interrupted worker reports: the operator's Ctrl-C (or a signal), or else its time ran out. */
    StepFailure stopFailure() {
        return count.get() == 0
                ? new StepFailure("timed out", StepFailure.Kind.TIMEOUT)
                : new StepFailure("stopped by " + stoppedBy(), StepFailure.Kind.ABORTED);
    }

    /** Who stopped the run, in the words a failure uses: "the operator (Ctrl-C)", or the signal ("SIGTERM"). */
    String stoppedBy() {
        String s = signal;
        return s == null ? "the operator (Ctrl-C)" : s;
    }

    /**
     * Ctrl-C. From the second on, a caller that exits ({@code callerExits}: exec, resume) ends the journal and console
     * with the interrupt, and the commands are killed after that; the REPL stays up and kills the commands only.
     *
     * @return how many times the operator has interrupted this run
     */
    int interrupt(boolean callerExits) {
        return interrupt(callerExits, false);
    }

    /** As {@link #interrupt(boolean)}; {@code byHand}: the REPL, where a stopped node hands the run back to the prompt. */
    int interrupt(boolean callerExits, boolean byHand) {
        int n = count.incrementAndGet();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("count", n);
        String last = callerExits ? EventTypes.INTERRUPT_EXIT : EventTypes.INTERRUPT_KILL_ALL;
        d.put("action", n == 1 ? (byHand ? EventTypes.INTERRUPT_TO_PROMPT : "stop the current step, run the failure path") : last);
        if (n == 1) d.put("again", last); // what a second Ctrl-C will do, for the console to say
        String during = run.workers.currentLabel();
        if (during != null) d.put("during", during);
        run.bus().emit(EventTypes.OPERATOR_INTERRUPT, d);
        if (n >= 2 && callerExits) stopForExit();
        else if (n >= 2) run.allProcesses().killNow(); // the REPL stays up: the failure path goes on, with its commands
        Interrupts sub = included;
        if (sub != null) sub.interrupt(callerExits, byHand);
        return n;
    }

    /**
     * SIGTERM or SIGHUP: the process exits when this returns. The journal says so and ends there, and the run's
     * commands, which live in process groups of their own and would outlive the JVM unseen, are killed.
     */
    void terminate(String signal) {
        this.signal = signal.startsWith("SIG") ? signal : "SIG" + signal; // set before the count grows: waits read it
        run.state.exiting(true);
        count.addAndGet(2); // no step, retry or target starts in the moments that remain
        String during = run.workers.currentLabel();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("signal", signal);
        d.put("action", "kill the run's commands and exit");
        if (during != null) d.put("during", during);
        try {
            if (!run.state.ended()) run.bus().emit(EventTypes.RUN_TERMINATED, d); // a finished run (the REPL keeps it) has its end
        } finally {
            stopForExit();
        }
        Interrupts sub = included;
        if (sub != null) sub.terminate(signal);
    }

    /**
     * The process exits in a moment: nothing more is journaled or shown, no handler starts, and every command of the
     * run is killed, a command that starts meanwhile too.
     */
    private void stopForExit() {
        run.state.exiting(true);
        run.bus().silence();
        run.allProcesses().killNowAndClose();
    }
}
