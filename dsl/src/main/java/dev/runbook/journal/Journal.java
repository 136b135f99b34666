package dev.runbook.journal;

import java.nio.file.Path;

/** Where a run's events go, durably, before the next action begins. */
public interface Journal extends AutoCloseable {
    /**
     * Appends an event. Unless {@code durable} is false, the event is on disk (fsynced) when this returns;
     * non-durable events (live output lines) are made durable by the next durable one.
     */
    void append(Event event, boolean durable);

    /**
     * Writes an event without waiting for the disk and returns a mark for {@link #awaitDurable}: writers on many
     * threads (a fan-out) then share one fsync instead of queueing for one each. The default writes durably at once.
     */
    default long write(Event event) {
        append(event, true);
        return 0;
    }

    /** Returns once everything written up to {@code mark} is on disk (fsynced). */
    default void awaitDurable(long mark) {}

    /** Returns once everything written so far is on disk: {@link #awaitDurable} up to the journal's length now. */
    default void awaitAllDurable() {}

    /** The run's folder: the journal file and the artifacts the steps write ({@code workdir}). */
    Path dir();

    @Override
    void close();
}
