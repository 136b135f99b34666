package dev.runbook.engine;

import java.io.IOException;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link ShellHost}s of this JVM: one command at a time each, a few kept idle. They start in the background, one
 * at a time, while commands find none idle; until one is up, commands start from the JVM. Set
 * {@code RUNBOOK_SH_HOST=off} to start every command from the JVM; that is also what happens where there is no
 * {@code setsid} or {@code mkfifo}, and after a host failed to start.
 */
final class ShellHostPool {
    private static final int MAX_IDLE = 4;
    /** Commands (in this JVM) that start from the JVM before a host is worth starting. */
    private static final int FROM_THE_JVM_FIRST = 3;
    private static final AtomicInteger COMMANDS = new AtomicInteger();
    private static final Deque<ShellHost> IDLE = new ConcurrentLinkedDeque<>();
    private static final AtomicReference<CompletableFuture<ShellHost>> PRESTARTED = new AtomicReference<>();
    /** Hosts are off or cannot start here; set for good after a host failed to start. */
    private static volatile boolean unavailable = !ShellHost.canStart();

    private ShellHostPool() {}

    /**
     * An idle host for this command; empty when it starts from the JVM: hosts are off or cannot start here, the
     * command carries what a host cannot pass on (a NUL character, an environment name bash cannot export), or no
     * host is idle. A command never waits for a host to start: then one starts in the background for the commands
     * that follow, and this one starts from the JVM. The first few commands always start from the JVM: starting a
     * host costs the commands beside it about 8 ms of a 2-core machine, more than a runbook of a few commands
     * saves (each command through a host saves about 1.4 ms).
     */
    static Optional<ShellHost> acquire(ShellCommand command) {
        if (unavailable || COMMANDS.incrementAndGet() <= FROM_THE_JVM_FIRST || !ShellHost.canPass(command)) return Optional.empty();
        ShellHost host;
        while ((host = IDLE.pollFirst()) != null) {
            if (host.usable()) return Optional.of(host);
            host.close();
        }
        host = prestarted();
        if (host != null) {
            if (host.usable()) return Optional.of(host);
            host.close();
        }
        prestart();
        return Optional.empty();
    }

    /** Starts one host on a thread of its own, unless one is starting already or hosts are off. */
    private static void prestart() {
        if (unavailable || PRESTARTED.get() != null) return;
        CompletableFuture<ShellHost> starting = new CompletableFuture<>();
        if (!PRESTARTED.compareAndSet(null, starting)) return;
        Thread.ofPlatform().daemon().name("runbook-sh-host-start").start(() -> {
            try {
                starting.complete(ShellHost.start());
            } catch (IOException | InterruptedException | RuntimeException e) {
                starting.completeExceptionally(e);
            }
        });
    }

    /** For specs: closes every host, idle or starting, and forgets the commands so far, as in a new JVM. */
    static void closeAll() throws InterruptedException {
        CompletableFuture<ShellHost> starting = PRESTARTED.getAndSet(null);
        if (starting != null) {
            try {
                starting.get(ShellHost.START_LIMIT_MS, TimeUnit.MILLISECONDS).close();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // nothing started
            }
        }
        ShellHost host;
        while ((host = IDLE.pollFirst()) != null) host.close();
        COMMANDS.set(0);
    }

    /** For specs: whether a host is up or starting. */
    static boolean anyStartedOrStarting() {
        return !IDLE.isEmpty() || PRESTARTED.get() != null;
    }

    /** For specs: a host up and idle, so that the next command goes through it. */
    static void warm() throws InterruptedException {
        COMMANDS.accumulateAndGet(FROM_THE_JVM_FIRST, Math::max);
        if (!IDLE.isEmpty()) return;
        prestart();
        CompletableFuture<ShellHost> starting = PRESTARTED.get();
        if (starting == null) return;
        try {
            starting.get(ShellHost.START_LIMIT_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return;
        }
        ShellHost host = prestarted();
        if (host != null) IDLE.offerFirst(host);
    }

    /** The host {@link #prestart()} started, once it is up; null when there is none, or while it is still starting. */
    private static ShellHost prestarted() {
        CompletableFuture<ShellHost> starting = PRESTARTED.get();
        if (starting == null || !starting.isDone() || !PRESTARTED.compareAndSet(starting, null)) return null;
        try {
            return starting.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException) unavailable = true;
            return null;
        }
    }

    /** Back to the pool, or closed when the pool is full or the host is not fit for another command. */
    static void release(ShellHost host) {
        if (host.usable() && IDLE.size() < MAX_IDLE) IDLE.offerFirst(host);
        else host.close();
    }

    /** A host that closed leaves the pool. */
    static void forget(ShellHost host) {
        IDLE.remove(host);
    }
}
