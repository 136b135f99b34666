package dev.runbook.engine;

import dev.runbook.lang.Durations;
import dev.runbook.model.CommandResult;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * {@code sh}: runs a command through {@code bash -c}, streams each line as it comes, captures the output, and
 * kills the command's whole process tree on timeout or Ctrl-C.
 */
final class Shell {
    /** Output kept per stream; the journal has the rest line by line. */
    private static final int CAPTURE_LIMIT = 4 * 1024 * 1024;
    private static final long KILL_GRACE_MS = 2000;
    /** After the command exits: how long its output may be silent before a background child is assumed to hold the pipe. */
    private static final long QUIET_MS = 500;
    /** After the command exits: the most its remaining output is waited for. */
    private static final long DRAIN_LIMIT_MS = 10_000;

    /** What a step needs to know about the processes it started, to kill them when it is stopped. */
    interface Tracker {
        void started(Process p);

        void finished(Process p);
    }

    record Options(Duration timeout, Map<String, String> env, File dir, Set<Integer> okExitCodes, boolean quiet) {
        static final Options DEFAULT = new Options(null, Map.of(), null, Set.of(0), false);

        static Options of(Map<String, Object> o) {
            Duration timeout = null;
            Object t = o.get("timeout");
            if (t instanceof Duration d) timeout = d;
            else if (t != null) throw new StepFailure("sh timeout: must be a duration such as 30.seconds, not '" + t + "'", StepFailure.Kind.ERROR);
            Map<String, String> env = new LinkedHashMap<>();
            if (o.get("env") instanceof Map<?, ?> m) m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            else if (o.get("env") != null) throw new StepFailure("sh env: must be a map such as [TAG: 'v1']", StepFailure.Kind.ERROR);
            File dir = o.get("dir") == null ? null : new File(String.valueOf(o.get("dir")));
            Set<Integer> ok = Set.of(0);
            Object codes = o.get("okExitCodes");
            if (codes instanceof Collection<?> c) ok = Set.copyOf(c.stream().map(x -> ((Number) x).intValue()).toList());
            else if (codes instanceof Number n) ok = Set.of(n.intValue());
            for (String key : o.keySet()) {
                if (!Set.of("timeout", "env", "dir", "okExitCodes", "quiet").contains(key)) {
                    throw new StepFailure("unknown sh option '" + key + ":' — "
                            + dev.runbook.diag.Suggestions.didYouMean(key, List.of("timeout", "env", "dir", "okExitCodes", "quiet"),
                            "the options are timeout, env, dir, okExitCodes, quiet"), StepFailure.Kind.ERROR);
                }
            }
            return new Options(timeout, env, dir, ok, Boolean.TRUE.equals(o.get("quiet")));
        }
    }

    private Shell() {}

    /** Bash, for real runs: the session's tracker learns of each process so that Ctrl-C and timeouts can kill it. */
    static CommandRunner bash(Tracker tracker) {
        return (command, onLine) -> run(command, tracker, onLine);
    }

    /** Runs the command through {@code bash -c}; returns its result whatever the exit code. */
    static CommandResult run(ShellCommand command, Tracker tracker, BiConsumer<String, String> onLine) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(ProcessTree.commandLine(command.command()));
        pb.directory(command.dir());
        // the process's environment, with the run's on top (what a test or the REPL gave the run), then the command's own
        pb.environment().putAll(command.environment());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new StepFailure("cannot start bash for '" + command.command() + "': " + e.getMessage(), StepFailure.Kind.ERROR);
        }
        tracker.started(process);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        AtomicLong lines = new AtomicLong();
        Pump outReader = pump(process.getInputStream(), out, lines, line -> onLine.accept("out", line));
        Pump errReader = pump(process.getErrorStream(), err, lines, line -> onLine.accept("err", line));
        Duration timeout = command.timeout();
        try {
            boolean exited = timeout == null ? waitFor(process) : process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                ProcessTree.kill(process, KILL_GRACE_MS);
                throw new StepFailure("command timed out after " + Durations.format(timeout) + ": " + command.command(),
                        StepFailure.Kind.TIMEOUT);
            }
            drain(outReader, errReader, lines);
        } catch (InterruptedException e) {
            ProcessTree.kill(process, KILL_GRACE_MS);
            throw e;
        } finally {
            tracker.finished(process);
        }
        String stdout, stderr;
        synchronized (out) { stdout = out.toString(); }
        synchronized (err) { stderr = err.toString(); }
        return new CommandResult(command.command(), process.exitValue(), stdout, stderr);
    }

    /** Fails with the result kept for handlers when the exit code is not one the step accepts. */
    static CommandResult check(CommandResult result, Set<Integer> okExitCodes) {
        if (okExitCodes.contains(result.getExitCode())) return result;
        String stderr = result.getStderr() == null ? "" : result.getStderr();
        String tail = lastLines(stderr.isBlank() ? String.valueOf(result.getStdout()) : stderr, 3);
        throw new CommandFailed(result, "command exited " + result.getExitCode() + ": " + result.getCommand()
                + (tail.isEmpty() ? "" : "\n│ " + tail.replace("\n", "\n│ ")));
    }

    private static boolean waitFor(Process p) throws InterruptedException {
        p.waitFor();
        return true;
    }

    /**
     * Waits, once the command has exited, for the rest of its output: what was still in the pipe can take a while
     * to stream and journal line by line. A command that left a background child holding its output open must not
     * hang the step, so the wait ends when the output has been idle for a moment (nothing read, no line being
     * shown or buffered), or at a hard limit. A reader held up by a slow console, or by a busy
     * machine, is not idle: cutting it off would lose lines the step's own logic reads from {@code stdout}.
     */
    private static void drain(Pump out, Pump err, AtomicLong lines) throws InterruptedException {
        long deadline = System.nanoTime() / 1_000_000 + DRAIN_LIMIT_MS;
        long seen = -1;
        while (out.thread.isAlive() || err.thread.isAlive()) {
            long now = System.nanoTime() / 1_000_000;
            long n = lines.get();
            if (now >= deadline) return;
            if (n == seen && out.idle() && err.idle()) return;
            seen = n;
            long until = Math.min(deadline, now + QUIET_MS);
            out.thread.join(Math.max(1, until - now));
            err.thread.join(Math.max(1, until - System.nanoTime() / 1_000_000));
        }
    }

    /**
     * A reader of one of the command's streams: busy from the moment it has a line until that line is shown, and
     * while its buffer holds more. (Not {@code available()} on the stream: that would wait for the lock a reader
     * blocked on an empty pipe holds.)
     */
    private record Pump(Thread thread, java.util.concurrent.atomic.AtomicBoolean busy) {
        /** Waiting for bytes that are not there: a background child may hold the pipe open for good. */
        boolean idle() {
            return !busy.get();
        }
    }

    private static Pump pump(InputStream in, StringBuilder capture, AtomicLong lines, java.util.function.Consumer<String> onLine) {
        var busy = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    busy.set(true);
                    synchronized (capture) {
                        if (capture.length() < CAPTURE_LIMIT) capture.append(line).append('\n');
                    }
                    onLine.accept(line);
                    lines.incrementAndGet();
                    busy.set(r.ready()); // lines already buffered here are not idle either
                }
            } catch (IOException ignored) {
                // the process was killed; what was read is kept
            } finally {
                busy.set(false);
            }
        });
        return new Pump(t, busy);
    }

    static String lastLines(String text, int n) {
        List<String> lines = text.strip().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** A command that exited with a code the step did not accept; the result is kept for handlers. */
    static final class CommandFailed extends StepFailure {
        final CommandResult result;

        CommandFailed(CommandResult result, String message) {
            super(message, Kind.ERROR);
            this.result = result;
        }
    }
}
