package dev.runbook.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The thread that runs one step's (or handler's) body while the session's thread watches the clock and the
 * operator. Workers are platform threads kept for the next step: a new thread per step cost its start and a
 * fresh allocation buffer of about half a megabyte, which 100 short steps turned into a young collection of their
 * own. The worker carries the step's name while it runs it ({@code runbook: NAME}), for thread dumps.
 *
 * <p>An interrupt reaches the body only while it runs: one asked for before the body starts is delivered as it
 * starts, and one that comes after it ended is dropped, so that it never lands in the next step the thread runs
 * (one the body left pending, the pool clears before its next task).
 */
final class StepWorker {
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("runbook-worker-", 0).factory());

    private final String label;
    private final Runnable body;
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Guards the three fields below: an interrupt and the body's end must not cross. */
    private final Object lock = new Object();
    private Thread runner;
    private boolean stopAsked;
    private boolean ended;

    /** {@code body} should catch what it throws: what escapes is lost, as on any thread. */
    StepWorker(String label, Runnable body) {
        this.label = label;
        this.body = body;
    }

    void start() {
        THREADS.execute(this::run);
    }

    private void run() {
        Thread me = Thread.currentThread();
        String name = me.getName();
        me.setName("runbook: " + label);
        synchronized (lock) {
            runner = me;
            if (stopAsked) me.interrupt();
        }
        try {
            body.run();
        } finally {
            synchronized (lock) {
                ended = true; // from here on, interrupt() leaves the thread alone (the pool clears a pending one)
            }
            me.setName(name);
            finished.countDown();
        }
    }

    String label() {
        return label;
    }

    boolean isAlive() {
        return finished.getCount() > 0;
    }

    /** Waits up to {@code millis} for the body to end. */
    void join(long millis) throws InterruptedException {
        finished.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Interrupts the body if it runs, or as soon as it starts; nothing once it has ended. */
    void interrupt() {
        synchronized (lock) {
            if (ended) return;
            stopAsked = true;
            if (runner != null) runner.interrupt();
        }
    }
}
