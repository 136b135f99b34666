package dev.runbook.engine;

import dev.runbook.lang.Durations;
import dev.runbook.model.CommandResult;

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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code sh}: runs a command through {@code bash -c}, streams each line as it comes, captures the output, and
 * kills the command's whole process tree on timeout or Ctrl-C.
 */
final class Shell {
    /** Output kept per stream; the journal has the rest line by line. */
    private static final int CAPTURE_LIMIT = 4 * 1024 * 1024;
    private static final long KILL_GRACE_MS = 2000;
    /**
     * The threads that read commands' output, kept for the next command: platform threads (see {@link #pump}). A new
     * thread for each of two streams per command also took a fresh allocation buffer of about half a megabyte: with
     * the steps' own threads, 100 {@code sh} steps filled the young generation twice (two collections, 43 ms). A
     * reader still held by a background child keeps its thread; the next command gets another.
     */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("runbook-sh-output").factory());

    /** What a step needs to know about the processes it started, to kill them when it is stopped. */
    interface Tracker {
        void started(ProcessHandle p);

        void finished(ProcessHandle p);
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

    /**
     * Runs the command through {@code bash -c}, started by a {@link ShellHost} where one can take it, else from the
     * JVM; returns its result whatever the exit code.
     */
    static CommandResult run(ShellCommand command, Tracker tracker, BiConsumer<String, String> onLine) throws InterruptedException {
        Optional<ShellHost> host = ShellHostPool.acquire(command);
        if (host.isPresent()) {
            ShellHost.Started started = launch(host.get(), command);
            if (started != null) return runOnHost(started, command, tracker, onLine);
        }
        return runDirect(command, tracker, onLine);
    }

    /** The command started by the host; null when the host could not be given it, so that it never reached bash. */
    private static ShellHost.Started launch(ShellHost host, ShellCommand command) throws InterruptedException {
        try {
            return host.launch(command);
        } catch (ShellHost.NotSent e) {
            host.release();
            return null;
        } catch (IOException e) {
            host.release();
            throw new StepFailure("the bash that starts commands stopped; '" + command.command()
                    + "' may have started: check before running it again", StepFailure.Kind.ERROR);
        }
    }

    private static CommandResult runOnHost(ShellHost.Started started, ShellCommand command, Tracker tracker,
                                           BiConsumer<String, String> onLine) throws InterruptedException {
        ShellHost host = started.host();
        NamedPipes.Pair pipes = started.pipes();
        ProcessHandle handle = ProcessHandle.of(started.pid()).orElse(null);
        if (handle != null) tracker.started(handle);
        Output output = new Output(
                () -> started.readers().out, pipes::closed,
                () -> started.readers().err, pipes::closed, onLine);
        Duration timeout = command.timeout();
        boolean killed = false;
        int exit = -1;
        try {
            exit = host.awaitExit(timeout == null ? -1 : timeout.toMillis());
            if (exit < 0) {
                killed = true;
                ProcessTree.kill(handle, KILL_GRACE_MS);
                throw timedOut(command);
            }
            output.drain();
        } catch (InterruptedException e) {
            // the host still owes the end of a command killed before it ended; one whose end it already reported (the
            // interrupt came while its last output was read) owes nothing, and waiting for that would take 5 s
            killed = exit < 0;
            // what it left in its group too; a command that ended at once has no handle, only its group's id (its pid)
            ProcessTree.kill(started.pid(), handle, KILL_GRACE_MS);
            throw e;
        } catch (IOException e) {
            // the host is gone; the command, in a group of its own, may still run
            killed = true;
            ProcessTree.kill(started.pid(), handle, KILL_GRACE_MS);
            throw new StepFailure("the bash that started '" + command.command() + "' stopped while it ran; it was killed",
                    StepFailure.Kind.ERROR);
        } finally {
            if (handle != null) tracker.finished(handle);
            if (killed) host.settleAfterKill();
            started.readers().letGo();
            host.release();
        }
        return output.result(command, exit);
    }

    /** From the JVM ({@code setsid bash -c}): where no host can take the command, and for specs to compare with. */
    static CommandResult runDirect(ShellCommand command, Tracker tracker, BiConsumer<String, String> onLine) throws InterruptedException {
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
        ProcessHandle handle = process.toHandle();
        tracker.started(handle);
        Output output = new Output(process::getInputStream, () -> {}, process::getErrorStream, () -> {}, onLine);
        Duration timeout = command.timeout();
        try {
            boolean exited = timeout == null ? waitFor(process) : process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                ProcessTree.kill(handle, KILL_GRACE_MS);
                throw timedOut(command);
            }
            output.drain();
        } catch (InterruptedException e) {
            ProcessTree.kill(handle, KILL_GRACE_MS);
            throw e;
        } finally {
            tracker.finished(handle);
        }
        return output.result(command, process.exitValue());
    }

    private static StepFailure timedOut(ShellCommand command) {
        return new StepFailure("command timed out after " + Durations.format(command.timeout()) + ": " + command.command(),
                StepFailure.Kind.TIMEOUT);
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

    /** One of the command's output streams, as its reader gets it. */
    private interface Opener {
        InputStream open() throws IOException;
    }

    /** The command's stdout and stderr, each read on a thread of its own, streamed line by line and captured. */
    private static final class Output {
        final StringBuilder out = new StringBuilder();
        final StringBuilder err = new StringBuilder();
        final Pump outReader;
        final Pump errReader;

        Output(Opener stdout, Runnable stdoutDone, Opener stderr, Runnable stderrDone, BiConsumer<String, String> onLine) {
            outReader = pump(stdout, stdoutDone, out, line -> onLine.accept("out", line));
            errReader = pump(stderr, stderrDone, err, line -> onLine.accept("err", line));
        }

        /** Waits, once the command has exited, for the rest of its output ({@link OutputDrain}'s rule). */
        void drain() throws InterruptedException {
            OutputDrain.await(outReader, errReader);
        }

        CommandResult result(ShellCommand command, int exitCode) {
            String stdout, stderr;
            synchronized (out) { stdout = out.toString(); }
            synchronized (err) { stderr = err.toString(); }
            return new CommandResult(command.command(), exitCode, stdout, stderr);
        }
    }

    /**
     * A reader of one of the command's streams: busy from the moment it has a line until that line is shown, and
     * while its buffer holds more. (Not {@code available()} on the stream: that would wait for the lock a reader
     * blocked on an empty pipe holds.)
     */
    private record Pump(CountDownLatch done, AtomicBoolean busy, AtomicLong lines) implements OutputDrain.Reader {
        /** Waiting for bytes that are not there: a background child may hold the pipe open for good. */
        @Override
        public boolean idle() {
            return !busy.get();
        }

        @Override
        public boolean finished() {
            return done.getCount() == 0;
        }

        @Override
        public long progress() {
            return lines.get();
        }

        @Override
        public void await(long millis) throws InterruptedException {
            done.await(millis, TimeUnit.MILLISECONDS);
        }
    }

    private static Pump pump(Opener opener, Runnable done, StringBuilder capture, Consumer<String> onLine) {
        var busy = new AtomicBoolean();
        var lines = new AtomicLong();
        var finished = new CountDownLatch(1);
        // a platform thread: a read from a named pipe (a host's) pins a virtual thread's carrier, unlike a read from a
        // Process's own pipe, and a background child can keep a pipe open for as long as it lives; two such readers
        // stopped every other virtual thread of a 2-core machine (ShellHostSpec's background-child feature)
        READERS.execute(() -> {
            boolean shown = true;
            try (BoundedLineReader r = new BoundedLineReader(new InputStreamReader(opener.open(), StandardCharsets.UTF_8), LINE_LIMIT)) {
                String line;
                while ((line = r.readLine()) != null) {
                    busy.set(true);
                    synchronized (capture) {
                        if (capture.length() < CAPTURE_LIMIT) capture.append(line).append('\n');
                    }
                    if (shown) {
                        try {
                            onLine.accept(line);
                        } catch (RuntimeException e) {
                            // the run cannot take the line (its journal failed): the step hears of that from its own
                            // next event; this reader reads on, or a full pipe would stop the command
                            shown = false;
                        }
                    }
                    lines.incrementAndGet();
                    busy.set(r.ready()); // lines already buffered here are not idle either
                }
            } catch (IOException ignored) {
                // the process was killed; what was read is kept
            } finally {
                busy.set(false);
                try {
                    done.run();
                } finally {
                    finished.countDown();
                }
            }
        });
        return new Pump(finished, busy, lines);
    }

    /** The longest line a reader holds: a 100 MB line with no newline took exec to 1.7 GB. */
    static final int LINE_LIMIT = 1024 * 1024;


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
