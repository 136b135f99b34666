package dev.runbook.engine;

import dev.runbook.lang.Durations;
import dev.runbook.model.FanOutOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one block per target on virtual threads: at most {@code concurrency} at once (a semaphore), each with its own
 * processes and its own timeout (its process trees are killed, its thread interrupted), and no further target
 * launched once more than {@code maxErrors} have failed — the targets already running finish (SSM's MaxErrors).
 * Interrupting the thread that called {@link #run} (Ctrl-C, the enclosing step's timeout) stops every target.
 */
final class FanOut {
    /** How long a target that ignores interruption (a busy Groovy loop) is waited for once it was stopped. */
    /** How long stopped targets are waited for before they are reported as left behind (Workers waits longer). */
    static final long ABANDON_AFTER_MS = 5000;

    /** The work of one target; runs on the target's own virtual thread. */
    interface Body {
        Object run(Object target, TrackedProcesses processes) throws Exception;
    }

    /** Told of each target as it starts and ends, from the targets' threads. */
    interface Listener {
        void launched(Object target, int index);

        void finished(TargetResult result, int index);
    }

    private final Clock clock;
    private final java.util.function.Function<Throwable, String> describe;
    private final java.util.function.BooleanSupplier stopRequested;

    /**
     * @param describe      turns what a target threw into words for the operator
     * @param stopRequested true once the operator pressed Ctrl-C: no target is launched after that, even before the
     *                      interruption reaches this thread
     */
    FanOut(Clock clock, java.util.function.Function<Throwable, String> describe, java.util.function.BooleanSupplier stopRequested) {
        this.clock = clock;
        this.describe = describe;
        this.stopRequested = stopRequested;
    }

    /**
     * Runs {@code body} for each target and returns the results in target order.
     *
     * @throws InterruptedException when the calling thread was interrupted: every target was stopped first
     */
    FanOutResults run(List<?> targets, FanOutOptions options, TrackedProcesses parent, Body body, Listener listener)
            throws InterruptedException {
        int n = targets.size();
        int allowed = options.allowedErrors(n);
        TargetResult[] results = new TargetResult[n];
        Semaphore slots = new Semaphore(options.concurrency());
        AtomicInteger failures = new AtomicInteger();
        List<Thread> launched = new ArrayList<>();
        long[] launchedAt = new long[n];
        String notLaunched = null;
        try {
            for (int i = 0; i < n; i++) {
                slots.acquire();
                if (stopRequested.getAsBoolean()) {
                    slots.release();
                    throw new InterruptedException("stopped by the operator");
                }
                // a failure is counted before its slot is given back, so this check sees every finished target
                if (failures.get() > allowed) {
                    slots.release();
                    notLaunched = "not launched: " + failures.get() + " targets failed, more than maxErrors ("
                            + options.maxErrorsText() + ")";
                    break;
                }
                final int index = i;
                Object target = targets.get(i);
                listener.launched(target, index);
                launchedAt[index] = clock.millis();
                launched.add(Thread.ofVirtual().name("runbook: target " + target).start(() -> {
                    try {
                        TargetResult r = runOne(target, options.timeout(), parent, body);
                        boolean first;
                        synchronized (results) { // a target left behind was already given its result
                            first = results[index] == null;
                            if (first) results[index] = r;
                        }
                        if (first && r.status() == TargetResult.Status.FAILED) failures.incrementAndGet();
                        if (first) listener.finished(r, index);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Thread t : launched) t.join();
        } catch (InterruptedException e) {
            // stop everything: each target's runner, once interrupted, kills its processes and interrupts its block
            launched.forEach(Thread::interrupt);
            awaitEnd(launched, ABANDON_AFTER_MS);
            throw e;
        } finally {
            int started = launched.size(); // targets are launched in order: those before this index were
            List<Integer> leftBehind = new ArrayList<>();
            synchronized (results) {
                for (int i = 0; i < n; i++) {
                    if (results[i] != null) continue;
                    if (i < started) {
                        leftBehind.add(i);
                        results[i] = TargetResult.leftRunning(targets.get(i), Duration.ofMillis(clock.millis() - launchedAt[i]), "stopped, and still running "
                                + Durations.format(Duration.ofMillis(ABANDON_AFTER_MS)) + " later: left behind (its processes were killed)");
                    } else {
                        results[i] = TargetResult.skipped(targets.get(i), notLaunched != null ? notLaunched : "not launched: the run was stopped");
                    }
                }
                lastResults = new FanOutResults(List.of(results));
            }
            // every launched target has its event, a target left behind too (its own, should it still end, is not sent)
            for (int i : leftBehind) listener.finished(results[i], i);
        }
        return lastResults;
    }

    /**
     * Waits up to {@code ms} for every thread to end, whatever interrupts this one meanwhile (the step's own watcher
     * interrupts it a moment after a Ctrl-C this loop may have seen first): a target stopped a moment late must still
     * have its result, and not count as never launched. The interrupt is kept.
     */
    private static void awaitEnd(List<Thread> threads, long ms) {
        boolean interrupted = Thread.interrupted();
        long until = System.nanoTime() + ms * 1_000_000;
        for (Thread t : threads) {
            while (t.isAlive() && System.nanoTime() < until) {
                try {
                    t.join(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
                } catch (InterruptedException again) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private volatile FanOutResults lastResults;

    /** The results of the last {@link #run}, also when it was interrupted (unfinished targets count as skipped). */
    FanOutResults lastResults() {
        return lastResults;
    }

    /** One target on a thread of its own, watched for its timeout by the calling (runner) thread. */
    private TargetResult runOne(Object target, Duration timeout, TrackedProcesses parent, Body body) {
        TrackedProcesses own = new TrackedProcesses(parent);
        if (timeout == null) return runHere(target, own, body);
        AtomicReference<Object> value = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        long t0 = clock.millis();
        Thread worker = Thread.ofVirtual().name("runbook: target " + target + " (block)").start(() -> {
            try {
                value.set(body.run(target, own));
            } catch (Throwable e) {
                error.set(e);
            }
        });
        String stopped = null;
        boolean interrupted = false;
        try {
            if (!worker.join(timeout)) stopped = "timed out after " + Durations.format(timeout) + " (its processes were killed)";
        } catch (InterruptedException e) {
            stopped = "stopped (its processes were killed)";
            interrupted = true;
        }
        if (stopped != null) {
            own.killAll();
            worker.interrupt();
            try {
                worker.join(Duration.ofMillis(ABANDON_AFTER_MS));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (interrupted) Thread.currentThread().interrupt();
            return new TargetResult(target, TargetResult.Status.FAILED, Duration.ofMillis(clock.millis() - t0), null, stopped);
        }
        // a full heap is the run's end, not one target's failure (OutOfMemory)
        if (error.get() instanceof OutOfMemoryError oom) throw oom;
        return result(target, t0, value.get(), error.get());
    }

    /**
     * Without a timeout nobody needs to watch the block: it runs on the runner's thread, and an interruption (Ctrl-C,
     * the step's timeout) reaches it directly; its commands kill their processes when interrupted.
     */
    private TargetResult runHere(Object target, TrackedProcesses own, Body body) {
        long t0 = clock.millis();
        try {
            return result(target, t0, body.run(target, own), null);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            if (Thread.currentThread().isInterrupted()) {
                own.killAll();
                return new TargetResult(target, TargetResult.Status.FAILED, Duration.ofMillis(clock.millis() - t0), null,
                        "stopped (its processes were killed)");
            }
            return result(target, t0, null, e);
        }
    }

    private TargetResult result(Object target, long t0, Object value, Throwable error) {
        Duration took = Duration.ofMillis(clock.millis() - t0);
        if (error != null) {
            return new TargetResult(target, TargetResult.Status.FAILED, took, null, describe.apply(error));
        }
        return new TargetResult(target, TargetResult.Status.OK, took, value, null);
    }
}
