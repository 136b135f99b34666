package dev.runbook.engine;

import java.util.concurrent.TimeUnit;

/**
 * How long the output of a process that has exited is still waited for: {@code sh}'s commands and the programs the
 * integrations run ({@code ExternalCommand}) follow the same rule. What was still in the pipe can take a while to
 * stream and journal. A process that left a background child holding its output open must not hang the step, so
 * the wait ends when both streams are finished, or have been idle for {@link #QUIET_MS} (nothing read, nothing
 * being handled), or at {@link #LIMIT_MS}. A reader held up by a slow console, a slow sink or a busy machine is not
 * idle: cutting it off would lose output the step reads.
 */
public final class OutputDrain {
    /** After the process exits: how long its output may be silent before a background child is taken to hold it. */
    public static final long QUIET_MS = 500;
    /** After the process exits: the most its remaining output is waited for. */
    public static final long LIMIT_MS = 10_000;

    /** One stream's reader, as the wait sees it. */
    public interface Reader {
        /** The stream was read to its end (or could not be read at all). */
        boolean finished();

        /** Blocked waiting for bytes that are not there, with nothing read still being handled. */
        boolean idle();

        /** How much it has read so far (lines, bytes): the wait only compares it with what it saw before. */
        long progress();

        /** Waits up to {@code millis} for the reader to finish. */
        void await(long millis) throws InterruptedException;
    }

    private OutputDrain() {}

    /** Waits for both readers by the rule above; returns early when they are done. */
    public static void await(Reader out, Reader err) throws InterruptedException {
        long deadline = nowMillis() + LIMIT_MS;
        long seen = -1;
        while (!out.finished() || !err.finished()) {
            long now = nowMillis();
            long progress = out.progress() + err.progress();
            if (now >= deadline) return;
            if (progress == seen && out.idle() && err.idle()) return;
            seen = progress;
            long until = Math.min(deadline, now + QUIET_MS);
            out.await(Math.max(1, until - now));
            err.await(Math.max(1, until - nowMillis()));
        }
    }

    private static long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }
}
