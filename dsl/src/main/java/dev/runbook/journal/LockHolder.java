package dev.runbook.journal;

import java.time.Instant;

/** Who holds (or wants) a lock: the run, its operator, where it runs and since when. */
public record LockHolder(String runId, String operator, String host, long pid, Instant since) {
    /** "run 20261126-…-ab12 (alice on web-1, since 2026-11-26T12:00:00Z)" */
    public String describe() {
        return "run " + runId + " (" + operator + " on " + host + ", since " + since + ")";
    }

    /** Reads a lock's holder record from a store; null when there is none. */
    @FunctionalInterface
    public interface Record<E extends Exception> {
        LockHolder read() throws E;
    }

    /**
     * The holder of a lock a run was just refused, for its refusal. The run that took the lock writes who it is a
     * moment after it took it: one that lost the race by that moment finds no record, so this waits up to a second
     * (20 × 50 ms) for one rather than tell the operator nothing about the holder. Null when none comes.
     */
    public static <E extends Exception> LockHolder recorded(Record<E> store) throws E, InterruptedException {
        LockHolder h = store.read();
        for (int i = 0; h == null && i < 20; i++) {
            Thread.sleep(50);
            h = store.read();
        }
        return h;
    }
}
