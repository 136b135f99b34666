package dev.runbook.cli

import com.fasterxml.jackson.databind.ObjectMapper

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The real {@code runbook} CLI as a separate JVM (this JVM's java and the test classpath), so a spec can send it
 * signals the way a terminal does.
 */
class CliProcess {
    private static final ObjectMapper JSON = new ObjectMapper()

    final Process process
    final Path dir

    private CliProcess(Process process, Path dir) {
        this.process = process
        this.dir = dir
    }

    /** Starts {@code runbook exec file --journal dir/runs} in {@code dir}, output to dir/out.txt and dir/err.txt. */
    static CliProcess exec(Path dir, String file) {
        start(dir, ['exec', file, '--journal', dir.resolve('runs').toString()])
    }

    /**
     * Starts {@code runbook args...} in {@code dir}, output to dir/out.txt and dir/err.txt (replaced each time), with
     * {@code env} added to this JVM's environment and {@code jvmArgs} given to the JVM (e.g. a heap limit).
     */
    static CliProcess start(Path dir, List<String> args, Map<String, String> env = [:], List<String> jvmArgs = []) {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        def pb = new ProcessBuilder(asForegroundJob() + [java] + jvmArgs + ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC',
                '-Drunbook.stdin.tty=false', '-Drunbook.stdout.tty=false',
                '-cp', System.getProperty('java.class.path'), 'dev.runbook.app.Main'] + args)
        pb.directory(dir.toFile())
        pb.environment().putAll(env)
        pb.redirectOutput(dir.resolve('out.txt').toFile())
        pb.redirectError(dir.resolve('err.txt').toFile())
        new CliProcess(pb.start(), dir)
    }

    /**
     * A terminal starts a foreground job with SIGINT at its default. A build started in the background by a
     * script (`./run-tests &`) ignores SIGINT, every process it starts inherits that, and a JVM that starts with
     * SIGINT ignored never sees Ctrl-C. Perl (part of every Debian) resets it before it becomes the JVM.
     */
    private static List<String> asForegroundJob() {
        new File('/usr/bin/perl').canExecute()
                ? ['/usr/bin/perl', '-e', '$SIG{INT} = "DEFAULT"; exec @ARGV or die "cannot run $ARGV[0]: $!"']
                : []
    }

    /** Sends SIGINT, as Ctrl-C at a terminal does. */
    void interrupt() {
        signal('INT')
    }

    /** Sends a signal by name (TERM, HUP, INT). */
    void signal(String name) {
        def kill = new ProcessBuilder('kill', "-$name", process.pid().toString()).inheritIO().start()
        assert kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0
    }

    /** The journal's lines; empty until the run has opened it. */
    List<String> journalLines() {
        def runs = dir.resolve('runs').toFile().listFiles()
        if (!runs) return []
        def file = runs[0].toPath().resolve('journal.jsonl')
        Files.exists(file) ? Files.readAllLines(file) : []
    }

    /** The journal's events as maps; fails when a line is not valid JSON. */
    List<Map<String, Object>> events() {
        journalLines().collect { JSON.readValue(it, Map) as Map<String, Object> }
    }

    /** The processes the CLI started (and theirs) whose program is {@code name}. */
    List<ProcessHandle> descendantsNamed(String name) {
        process.toHandle().descendants().filter { it.info().command().map { it.endsWith('/' + name) }.orElse(false) }.toList()
    }

    /** Waits up to {@code seconds} for {@code condition}; false when it never held. */
    static boolean poll(int seconds, Closure<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        while (System.nanoTime() < deadline) {
            if (condition()) return true
            Thread.sleep(50)
        }
        condition()
    }

    String getOut() { Files.readString(dir.resolve('out.txt')) }

    String getErr() { Files.readString(dir.resolve('err.txt')) }

    /** Kills what is left (the CLI and every process it started); for cleanup. */
    void destroy() {
        process.toHandle().descendants().forEach { it.destroyForcibly() }
        process.destroyForcibly()
    }
}
