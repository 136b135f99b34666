package dev.runbook.integrations.docker;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs a call that changes a container on a thread of its own, so that an interrupt of the step's thread (Ctrl-C,
 * the step's timeout) cannot cut a request to the engine in half. docker-java talks over an interruptible channel:
 * an interrupt closed it mid-request, dockerd went on with what it was asked (stopping the old container), and the
 * call reported "cannot reach the Docker Engine … (null)" having left the service down. Here the interrupt only
 * raises {@link #stopAsked()}: the call decides where it can stop (a rollback puts the old container back), and the
 * step's thread waits for it to say what really happened, then keeps its interrupt for the engine.
 */
final class Shield {
    private final AtomicBoolean stop = new AtomicBoolean();

    /** True once the step's thread was interrupted while the call ran. */
    boolean stopAsked() {
        return stop.get();
    }

    /** Asks the call to stop at its next safe point (SIGTERM: {@link dev.runbook.engine.DestructiveCalls}). */
    void askStop() {
        stop.set(true);
    }

    <T> T call(String label, Function<Shield, T> body) {
        if (Thread.currentThread().isInterrupted()) stop.set(true); // asked before it began: the body does nothing
        FutureTask<T> task = new FutureTask<>(() -> body.apply(this));
        Thread.ofPlatform().daemon().name("runbook-docker: " + label).start(task);
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop.set(true); // and wait on: the call ends by completing or by putting things back
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
