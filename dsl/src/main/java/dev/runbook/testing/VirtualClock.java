package dev.runbook.testing;

import dev.runbook.engine.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Time that moves only when the run waits: a sleep advances it at once. A 15-minute gate with a 5-minute
 * sustain window runs in milliseconds, and still sees every poll at the right virtual moment.
 */
public final class VirtualClock implements Clock {
    private final Instant origin;
    private final AtomicLong millis = new AtomicLong();

    public VirtualClock() {
        this(Instant.parse("2026-01-01T03:00:00Z"));
    }

    public VirtualClock(Instant origin) {
        this.origin = origin;
    }

    @Override
    public Instant instant() {
        return origin.plusMillis(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public boolean sleep(Duration d, BooleanSupplier stop) {
        if (stop.getAsBoolean()) return false;
        millis.addAndGet(d.toMillis());
        return true;
    }

    /** Moves time forward, as if the world took that long (a slow endpoint, say). */
    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    /** Virtual time elapsed since the start. */
    public Duration elapsed() {
        return Duration.ofMillis(millis.get());
    }
}
