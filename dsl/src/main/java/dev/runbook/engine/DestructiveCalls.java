package dev.runbook.engine;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Integration calls that change a system and are running now (a container being replaced). SIGTERM ends the process
 * at once; before it does, the CLI asks these to stop at their next safe point and waits a bounded time for them
 * to finish (complete or put things back) and journal how they ended. Without this, a rollback cut off by SIGTERM
 * left the service down with nothing in the journal to say so.
 */
public final class DestructiveCalls {
    private static final Set<Call> RUNNING = ConcurrentHashMap.newKeySet();

    private DestructiveCalls() {}

    /** One call in flight; closing it says it has ended and journaled how. */
    public static final class Call implements AutoCloseable {
        private final Runnable askStop;
        private final Object lock = new Object();
        private boolean ended;

        private Call(Runnable askStop) {
            this.askStop = askStop;
        }

        @Override public void close() {
            synchronized (lock) {
                ended = true;
                lock.notifyAll();
            }
            RUNNING.remove(this);
        }

        private boolean awaitEnd(long deadlineNanos) throws InterruptedException {
            synchronized (lock) {
                while (!ended) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) return false;
                    lock.wait(Math.max(1, left / 1_000_000));
                }
                return true;
            }
        }
    }

    /** @param askStop makes the call stop at its next safe point (it must not block) */
    public static Call enter(Runnable askStop) {
        Call c = new Call(askStop);
        RUNNING.add(c);
        return c;
    }

    /**
     * Asks every call in flight to stop and waits until they have ended or {@code max} has passed.
     *
     * @return true when none is left running
     */
    public static boolean settle(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (Call c : Set.copyOf(RUNNING)) c.askStop.run();
        try {
            for (Call c : Set.copyOf(RUNNING)) {
                if (!c.awaitEnd(deadline)) return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
