package dev.runbook.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Time as the engine sees it. The system clock in real runs; the test harness swaps in a virtual one so that a
 * 15-minute window is tested in milliseconds.
 */
public interface Clock {
    Instant instant();

    /** Monotonic milliseconds, for elapsed times. */
    long millis();

    /**
     * Waits {@code d}, returning early (false) as soon as {@code stop} says so.
     *
     * @return true when the full duration passed
     */
    boolean sleep(Duration d, BooleanSupplier stop) throws InterruptedException;

    Clock SYSTEM = new Clock() {
        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public long millis() {
            return System.nanoTime() / 1_000_000;
        }

        @Override
        public boolean sleep(Duration d, BooleanSupplier stop) throws InterruptedException {
            // in nanoseconds: with whole milliseconds, a wait that starts late in one could end up to 1 ms short
            long end = System.nanoTime() + d.toNanos();
            long left;
            while ((left = end - System.nanoTime()) > 0) {
                if (stop.getAsBoolean()) return false;
                Thread.sleep(Math.min(50, Math.max(1, (left + 999_999) / 1_000_000)));
            }
            return !stop.getAsBoolean();
        }
    };
}
