package dev.runbook.app;

import dev.runbook.term.Io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The representative run that {@code scripts/train-aot.sh} records the launcher's start-up cache from (a JDK AOT
 * cache, or an AppCDS archive on JDK 21–23): in one JVM, the commands an operator starts most, on a small bundled
 * runbook, so that the classes they load (and, on JDK 25, their linked call sites and profiles) are in the cache.
 * Both compile paths are trained: a cold compile (the Groovy compiler) and a run from the compile cache. Output goes
 * nowhere; everything it writes is in a temp folder that is deleted at the end. Not a command for people.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        List<String> failed = run();
        failed.forEach(f -> System.err.println("runbook AOT training: " + f));
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    /** Runs the training commands; returns the ones that did not exit as expected (none, normally). */
    static List<String> run() throws IOException {
        try {
            Class.forName(Main.class.getName()); // the launcher's main class, loaded and linked like the rest
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        Path dir = Files.createTempDirectory("runbook-aot-training");
        try {
            Path runbook = dir.resolve("aot-training.groovy");
            try (InputStream in = AotTraining.class.getResourceAsStream("aot-training.groovy")) {
                Files.copy(in, runbook);
            }
            String file = runbook.toString();
            String runs = dir.resolve("runs").toString();
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("RUNBOOK_CACHE_DIR", dir.resolve("classes").toString());
            env.remove("RUNBOOK_CACHE");
            Map<String, String> noCache = new HashMap<>(env);
            noCache.put("RUNBOOK_CACHE", "off");

            List<String> failed = new ArrayList<>();
            expect(failed, 0, noCache, "", "check", file);                    // cold: the Groovy compiler
            expect(failed, 0, env, "", "exec", file, "--journal", runs);      // compiles and fills the compile cache
            expect(failed, 0, env, "", "exec", file, "--journal", runs, "-p", "greeting=again"); // from the cache
            expect(failed, 0, env, "", "plan", file);
            expect(failed, 0, env, "", "runs", "--journal", runs);
            expect(failed, 0, env, "", "--help");
            expect(failed, 0, env, "", "--version");
            expect(failed, 2, env, "", "check", dir.resolve("missing.groovy").toString()); // the problem printer
            expect(failed, 0, env, "plan\nexit\n", "repl", file, "--journal", runs,
                    "--history", dir.resolve("history").toString());
            loadTerminalClasses();
            return failed;
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The REPL's system terminal: the training has none (the launcher trains with no terminal attached), so the
     * classes a terminal needs, and JLine's native library, are loaded here by name, as the first prompt would load
     * them. Only a head start: whatever is missing loads from the jar then.
     */
    private static void loadTerminalClasses() {
        try {
            org.jline.terminal.spi.TerminalProvider.load("jni").isSystemStream(org.jline.terminal.spi.SystemStream.Output);
            ClassLoader loader = AotTraining.class.getClassLoader();
            for (String name : List.of("org.jline.terminal.impl.PosixSysTerminal",
                    "org.jline.terminal.impl.jni.linux.LinuxNativePty", "org.jline.terminal.impl.AbstractPty",
                    "org.jline.terminal.impl.AbstractPosixTerminal", "org.jline.terminal.impl.NativeSignalHandler")) {
                Class.forName(name, true, loader);
            }
        } catch (Throwable e) {
            // no native library here (another platform, a noexec temp folder): the exec provider is what runs then
        }
    }

    private static void expect(List<String> failed, int code, Map<String, String> env, String input, String... args) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Io io = new Io(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), sink, sink, env, false, false);
        int got = RunbookCli.run(io, args);
        if (got != code) failed.add("runbook " + String.join(" ", args) + " exited " + got + ", expected " + code);
    }
}
