package dev.runbook.journal;

import java.nio.file.Path;

/** Where a run's events go, durably, before the next action begins. */
public interface Journal extends AutoCloseable {
    /**
     * Appends an event. Unless {@code durable} is false, the event is on disk (fsynced) when this returns;
     * non-durable events (live output lines) are made durable by the next durable one.
     */
    void append(Event event, boolean durable);

    /** The run's folder: the journal file and the artifacts the steps write ({@code workdir}). */
    Path dir();

    @Override
    void close();
}
