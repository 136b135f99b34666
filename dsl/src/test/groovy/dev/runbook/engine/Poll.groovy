package dev.runbook.engine

/** A bounded wait for a condition: tests wait for what they expect, never for a fixed time. */
final class Poll {
    private Poll() {}

    /** Waits up to {@code seconds} for the condition; true when it held in time. */
    static boolean within(double seconds, Closure<Boolean> condition) {
        long end = System.nanoTime() + (long) (seconds * 1e9)
        while (System.nanoTime() < end) {
            if (condition()) return true
            Thread.sleep(25)
        }
        condition()
    }
}
