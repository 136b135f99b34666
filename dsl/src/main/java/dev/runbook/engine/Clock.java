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
            long end = millis() + d.toMillis();
            while (millis() < end) {
                if (stop.getAsBoolean()) return false;
                Thread.sleep(Math.min(50, Math.max(1, end - millis())));
            }
            return !stop.getAsBoolean();
        }
    };
}
