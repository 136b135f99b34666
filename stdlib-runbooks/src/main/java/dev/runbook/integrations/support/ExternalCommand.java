package dev.runbook.integrations.support;

import dev.runbook.engine.OutputDrain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one program with an argument list (never through a shell, so nothing in an argument is interpreted),
 * feeding its input from a stream and sending its output to a stream or a string. When the waiting thread is
 * interrupted (Ctrl-C, step timeout) the program and its children are killed.
 */
public final class ExternalCommand {
    /** What the program did. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** The last lines of stderr, or of stdout when stderr is empty: what a failure message shows. */
        public String tail(int lines) {
            String text = stderr.isBlank() ? stdout : stderr;
            List<String> all = text.strip().lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    private final List<String> argv;
    private final Map<String, String> env = new LinkedHashMap<>();
    private boolean envOnly;
    private Path directory;
    private InputStream input;
    private OutputStream output;
    private Duration timeout;

    public ExternalCommand(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    /** Added to the JVM's environment, which the program gets as well. */
    public ExternalCommand environment(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    /** The program's whole environment: nothing of the JVM's besides. */
    public ExternalCommand onlyEnvironment(Map<String, String> values) {
        envOnly = true;
        return environment(values);
    }

    public ExternalCommand directory(Path dir) {
        this.directory = dir;
        return this;
    }

    /** The program's standard input; closed when it has been copied. Without it the input is empty. */
    public ExternalCommand input(InputStream in) {
        this.input = in;
        return this;
    }

    /** Where standard output goes instead of the result's {@code stdout}; not closed here. */
    public ExternalCommand output(OutputStream out) {
        this.output = out;
        return this;
    }

    public ExternalCommand timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    public List<String> argv() {
        return argv;
    }

    public Result run() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (envOnly) pb.environment().clear();
        pb.environment().putAll(env);
        if (directory != null) pb.directory(directory.toFile());
        if (input == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = pb.start();
        AtomicReference<IOException> copyError = new AtomicReference<>();
        AtomicReference<IOException> inputError = new AtomicReference<>();
        Thread feeder = input == null ? null : Thread.ofVirtual().start(() -> feed(process, inputError));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        OutputStream stdoutSink = output != null ? output : captured;
        // a sink that fails (a full disk) must not leave the program blocked on a pipe nobody reads any more
        Pump outPump = new Pump(process.getInputStream(), stdoutSink, copyError, () -> kill(process));
        Pump errPump = new Pump(process.getErrorStream(), errors, null, null);
        try {
            boolean exited = timeout == null ? waitFor(process) : process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                kill(process);
                throw new IOException(argv.getFirst() + " did not finish within " + timeout.toSeconds() + " s and was killed");
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OutputDrain.LIMIT_MS);
            OutputDrain.await(outPump, errPump); // sh's rule: a helper left holding stdout does not hold the step
            if (feeder != null) feeder.join(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        } finally {
            // a reader still held open by a background child must not write into the caller's stream later
            outPump.stop();
            errPump.stop();
        }
        // the program's own exit code cannot be trusted here: it saw its input end early, or was killed for it
        if (inputError.get() != null) throw new InputFailed(inputError.get());
        if (output != null && copyError.get() != null) throw copyError.get();
        return new Result(process.exitValue(), captured.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8));
    }

    /** Reading the program's input failed (a truncated or corrupt file, a failed decompression): the program was killed. */
    public static final class InputFailed extends IOException {
        InputFailed(IOException cause) {
            super("reading the input failed (" + cause.getMessage() + "); the program was killed before it saw the end of its input", cause);
        }
    }

    /**
     * Copies the input into the program. When reading the input fails, the program is killed before its stdin is
     * closed: a program such as psql takes a clean end of input as "done" and commits what it has.
     */
    private void feed(Process process, AtomicReference<IOException> inputError) {
        OutputStream stdin = process.getOutputStream();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = input) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    inputError.compareAndSet(null, e);
                    kill(process);
                    process.waitFor(); // stdin is closed in finally, only once the program is gone
                    return;
                }
                if (n < 0) return;
                stdin.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the program exited before reading everything (an error of its own): its exit code says why
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
        } finally {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // the program is gone
            }
        }
    }

    private static boolean waitFor(Process p) throws InterruptedException {
        p.waitFor();
        return true;
    }

    /**
     * Copies one of the program's streams: busy while it writes what it read (a slow sink, such as an upload, is
     * not idle), and counting what it moved; once stopped, it drops whatever still comes.
     * A virtual thread: a Process's pipes do not pin its carrier (named pipes would, see the engine's Shell).
     */
    private static final class Pump implements OutputDrain.Reader {
        final AtomicLong moved = new AtomicLong();
        final AtomicBoolean busy = new AtomicBoolean();
        private boolean stopped; // guarded by this: after stop() returns, nothing more is written
        final Thread thread;

        Pump(InputStream from, OutputStream to, AtomicReference<IOException> error, Runnable onWriteFailure) {
            thread = Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = from) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        busy.set(true);
                        synchronized (this) {
                            try {
                                if (!stopped) to.write(buffer, 0, n);
                            } catch (IOException e) {
                                if (error != null) error.compareAndSet(null, e);
                                if (onWriteFailure != null) onWriteFailure.run();
                                throw e;
                            }
                        }
                        moved.addAndGet(n);
                        busy.set(false);
                    }
                } catch (IOException e) {
                    if (error != null) error.compareAndSet(null, e);
                } finally {
                    busy.set(false);
                }
            });
        }

        @Override
        public boolean finished() {
            return !thread.isAlive();
        }

        @Override
        public boolean idle() {
            return !busy.get();
        }

        @Override
        public long progress() {
            return moved.get();
        }

        @Override
        public void await(long millis) throws InterruptedException {
            thread.join(millis);
        }

        /** Waits for a write in progress (the caller may close its stream next), and lets no other start. */
        synchronized void stop() {
            stopped = true;
        }
    }

    /**
     * The program first, then its children: killed the other way round, a wrapper script sees its child die and runs
     * its next command (measured: {@code bash -c 'cat; echo reached > marker'} wrote the marker).
     */
    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
