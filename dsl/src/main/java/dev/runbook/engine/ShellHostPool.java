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
 * at a time, while commands find none idle; until one is up, commands start from the JVM. While commands keep finding
 * none idle (a {@code forEach} of {@code sh} commands), a host that finishes its command is kept for the next one
 * instead of closed, up to {@link #MAX_HOSTS}: closing it only to start another moments later cost a fan-out of
 * 1,000 {@code sh} commands 80 host starts and made it slower than with no hosts at all. Once the commands are
 * quiet again, the pool shrinks back to {@link #MAX_IDLE}, one host per command that finishes. Set
 * {@code RUNBOOK_SH_HOST=off} to start every command from the JVM; that is also what happens where there is no
 * {@code setsid} or {@code mkfifo}, and after a host failed to start.
 */
final class ShellHostPool {
    /** Idle hosts kept when commands find one idle. */
    static final int MAX_IDLE = 4;
    /** Hosts at most, busy and idle, while commands find none idle: an idle host is a bash of about 0.3 MB of its own. */
    static final int MAX_HOSTS = 64;
    /** For how long after a command found no host idle a host that finishes is kept beyond {@link #MAX_IDLE}. */
    private static final long DEMAND_NANOS = 1_000_000_000L;
    /** {@link #DEMAND_NANOS}, except in specs that must not depend on how fast a loaded machine runs a burst. */
    private static volatile long demandNanos = DEMAND_NANOS;
    /** When a command last found no host idle ({@link System#nanoTime}); 0: never. */
    private static volatile long lastMiss;
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
        lastMiss = System.nanoTime();
        prestart();
        return Optional.empty();
    }

    /** Starts one host on a thread of its own, unless one is starting already, hosts are off or there are enough. */
    private static void prestart() {
        if (unavailable || PRESTARTED.get() != null || ShellHost.live() >= MAX_HOSTS) return;
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
        lastMiss = 0;
    }

    /** For specs: how long demand lasts after a miss (null: as in a run); a burst is then judged by events, not speed. */
    static void demandWindow(java.time.Duration window) {
        demandNanos = window == null ? DEMAND_NANOS : window.toNanos();
    }

    /** For specs: the commands have been quiet for longer than the demand window. */
    static void quiet() {
        lastMiss = 0;
    }

    /** For specs: the hosts idle now. */
    static int idle() {
        return IDLE.size();
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

    /**
     * Back to the pool, or closed when the host is not fit for another command or the pool is full: {@link #MAX_IDLE}
     * idle hosts, or, while commands still find none idle, {@link #MAX_HOSTS} hosts in all.
     */
    static void release(ShellHost host) {
        boolean wanted = IDLE.size() < MAX_IDLE || (inDemand() && ShellHost.live() <= MAX_HOSTS);
        if (host.usable() && wanted) IDLE.offerFirst(host);
        else host.close();
    }

    private static boolean inDemand() {
        long miss = lastMiss;
        return miss != 0 && System.nanoTime() - miss < demandNanos;
    }

    /** A host that closed leaves the pool. */
    static void forget(ShellHost host) {
        IDLE.remove(host);
    }
}
