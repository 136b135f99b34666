package dev.runbook.engine;

import dev.runbook.journal.Event;
import dev.runbook.journal.EventTypes;
import dev.runbook.journal.Journal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way out of the engine: each event is redacted, journaled (durably, unless it is a live output line),
 * and only then shown. What the operator sees has always been recorded first.
 */
public final class EventBus {
    private final Journal journal;
    private final Redactor redactor;
    private final Clock clock;
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    /** Guarded by this: once set, nothing more is written or shown. */
    private boolean silenced;
    /** Guarded by this: the head and tail of each command's output that the journal keeps. */
    private final OutputBudget output;


    public EventBus(Journal journal, Redactor redactor, Clock clock) {
        this(journal, redactor, clock, 0);
    }

    /** A bus that goes on numbering after {@code lastSeq}: a resumed run appends to its journal. */
    public EventBus(Journal journal, Redactor redactor, Clock clock, long lastSeq) {
        this.journal = journal;
        seq.set(lastSeq);
        this.redactor = redactor;
        this.clock = clock;
        this.output = journal.dir() == null ? null : new OutputBudget(journal.dir());
    }

    public void listen(EventListener listener) {
        listeners.add(listener);
    }

    /** Who hears this run's events: an included runbook's sub-run tells them too. */
    List<EventListener> listeners() {
        return List.copyOf(listeners);
    }

    public Redactor redactor() {
        return redactor;
    }

    /** A transition: on disk before this returns. */
    public Event emit(String type, Map<String, Object> data) {
        return emit(type, data, true);
    }

    @SuppressWarnings("unchecked")
    public Event emit(String type, Map<String, Object> data, boolean durable) {
        Map<String, Object> redacted = new java.util.LinkedHashMap<>((Map<String, Object>) redactor.redactDeep(data));
        Event event;
        long mark;
        List<Event> owed = List.of();
        // numbering and writing under one lock keep the file in seq order; the fsync happens outside it, so events
        // emitted at once from many threads (a fan-out) share fsyncs; each is still on disk before it is shown
        synchronized (this) {
            if (silenced) return new Event(0, clock.instant(), type, redacted);
            if (output != null) {
                switch (type) {
                    case EventTypes.COMMAND_STARTED -> output.commandStarted(redacted);
                    // past the head, a line waits in the tail (or is only in the output file): neither journaled nor shown now
                    case EventTypes.STEP_OUTPUT -> {
                        if (!output.journalNow(redacted)) return new Event(0, clock.instant(), type, redacted);
                    }
                    case EventTypes.COMMAND_FINISHED -> owed = writeOwed(output.commandFinished(redacted));
                    default -> { }
                }
            }
            event = new Event(seq.incrementAndGet(), clock.instant(), type, redacted);
            mark = journal.write(event);
        }
        if (durable) journal.awaitDurable(mark);
        for (Event e : owed) for (EventListener l : listeners) l.onEvent(e);
        for (EventListener l : listeners) l.onEvent(event);
        return event;
    }

    /** Writes the cut and the tail a command's output still owes the journal, before its end; under this. */
    private List<Event> writeOwed(List<Map.Entry<String, Map<String, Object>>> owed) {
        List<Event> events = new java.util.ArrayList<>(owed.size());
        for (var o : owed) {
            Event e = new Event(seq.incrementAndGet(), clock.instant(), o.getKey(), o.getValue());
            journal.write(e);
            events.add(e);
        }
        return events;
    }

    /**
     * Makes every event written so far durable (one fsync, or none when the last durable event already covered them).
     * A step's non-durable events ({@code step.started}, {@code command.finished}) are written at once and made
     * durable by the step's next durable event, or by this before the step acts on the world some other way (an
     * integration or {@code http} call): nothing the world saw happen is ever missing from the journal on disk.
     */
    public void sync() {
        journal.awaitAllDurable();
    }

    /**
     * From now on, events are neither written nor shown: the process is about to exit (a second Ctrl-C, SIGTERM), and the
     * journal must end with what caused that, whatever the run's threads do in the moments that remain; or the run is
     * over and its journal closes, and what still comes (the last lines of a command killed by Ctrl-C, read after the
     * run ended) has nowhere to go. An event being written now is finished first, so the journal's last line is whole.
     */
    public synchronized void silence() {
        silenced = true;
    }

    /** Live progress that is not worth journaling (the journal gets the changes): listeners only. */
    public void progress(String type, Map<String, Object> data) {
        synchronized (this) {
            if (silenced) return;
        }
        @SuppressWarnings("unchecked")
        Event event = new Event(0, clock.instant(), type, (Map<String, Object>) redactor.redactDeep(data));
        for (EventListener l : listeners) l.onEvent(event);
    }

    public Instant now() {
        return clock.instant();
    }
}
