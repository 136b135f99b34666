package dev.runbook.integrations.support;

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
    private Path directory;
    private InputStream input;
    private OutputStream output;
    private Duration timeout;

    public ExternalCommand(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    public ExternalCommand environment(Map<String, String> values) {
        env.putAll(values);
        return this;
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
        pb.environment().putAll(env);
        if (directory != null) pb.directory(directory.toFile());
        if (input == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = pb.start();
        AtomicReference<IOException> copyError = new AtomicReference<>();
        Thread feeder = input == null ? null : Thread.ofVirtual().start(() -> {
            try (InputStream in = input; OutputStream stdin = process.getOutputStream()) {
                in.transferTo(stdin);
            } catch (IOException e) {
                // the program may exit before reading everything (an error); its exit code says why
                copyError.compareAndSet(null, e);
            }
        });
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        OutputStream stdoutSink = output != null ? output : captured;
        Thread outPump = pump(process.getInputStream(), stdoutSink, copyError);
        Thread errPump = pump(process.getErrorStream(), errors, null);
        try {
            boolean exited = timeout == null ? waitFor(process) : process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                kill(process);
                throw new IOException(argv.getFirst() + " did not finish within " + timeout.toSeconds() + " s and was killed");
            }
            outPump.join();
            errPump.join();
            if (feeder != null) feeder.join();
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        if (output != null && copyError.get() != null && process.exitValue() == 0) throw copyError.get();
        return new Result(process.exitValue(), captured.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8));
    }

    private static boolean waitFor(Process p) throws InterruptedException {
        p.waitFor();
        return true;
    }

    private static Thread pump(InputStream from, OutputStream to, AtomicReference<IOException> error) {
        return Thread.ofVirtual().start(() -> {
            try (InputStream in = from) {
                in.transferTo(to);
            } catch (IOException e) {
                if (error != null) error.compareAndSet(null, e);
            }
        });
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
