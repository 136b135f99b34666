package dev.runbook.repl

import dev.runbook.compile.RunbookCompiler
import dev.runbook.console.Style
import dev.runbook.engine.Integrations
import dev.runbook.engine.RunOptions
import dev.runbook.journal.JournalReader
import org.jline.terminal.Attributes
import org.jline.terminal.Terminal
import org.jline.terminal.TerminalBuilder

import java.nio.file.Files
import java.nio.file.Path

/** A REPL on an in-memory dumb terminal: lines typed through a pipe, everything shown captured. */
class ReplHarness implements Closeable {
    final PipedOutputStream keys = new PipedOutputStream()
    final ByteArrayOutputStream screen = new ByteArrayOutputStream()
    final Terminal terminal
    final Repl repl
    final Path runs
    Thread thread
    volatile int exitCode = -1

    ReplHarness(Path dir) {
        this(dir, [:])
    }

    /** {@code environment}: variables the run sees besides this JVM's (a secret's value, say). */
    ReplHarness(Path dir, Map<String, String> environment) {
        runs = dir.resolve('runs')
        // as ReplCommand builds it for streams: the exec provider's terminal, JLine's line discipline in Java
        terminal = TerminalBuilder.builder().system(false).streams(new PipedInputStream(keys, 65536), screen)
                .provider('exec').dumb(true).type('dumb').build()
        terminal.echo(false)
        // as a terminal does: Ctrl-C typed raises SIGINT (a dumb terminal reads it as a character otherwise)
        def attributes = terminal.attributes
        attributes.setLocalFlag(Attributes.LocalFlag.ISIG, true)
        attributes.setControlChar(Attributes.ControlChar.VINTR, 3)
        terminal.attributes = attributes
        def options = RunOptions.defaults([:]).withRunsRoot(runs).withEnvironment(System.getenv() + environment).withOperatorName('tester')
        repl = new Repl(terminal, new Repl.Settings(new Style(false), options, null, dir.resolve('history'),
                new RunbookCompiler(getClass().classLoader), Integrations.discover(getClass().classLoader), getClass().classLoader))
    }

    ReplHarness start() {
        thread = Thread.start { exitCode = repl.run() }
        this
    }

    /** Types lines at the prompt. */
    ReplHarness type(String... lines) {
        lines.each { keys.write((it + '\n').getBytes('UTF-8')) }
        keys.flush()
        this
    }

    /** Presses keys without Enter (Ctrl-D, say). */
    ReplHarness press(String keys) {
        this.keys.write(keys.getBytes('UTF-8'))
        this.keys.flush()
        this
    }

    String getShown() { screen.toString('UTF-8') }

    /** Waits (bounded) until the screen shows {@code text} {@code times} times. */
    boolean waitFor(String text, int times = 1, int seconds = 60) {
        long end = System.nanoTime() + seconds * 1_000_000_000L
        while (System.nanoTime() < end) {
            if (shown.count(text) >= times) return true
            Thread.sleep(20)
        }
        System.err.println("--- waited in vain for '${text}' x${times}; the screen:\n${shown}\n---")
        false
    }

    /** Ends input (Ctrl-D at the end of a pipe) and waits for the REPL to leave. */
    int end() {
        keys.close()
        thread.join(60_000)
        exitCode
    }

    List events() {
        if (!Files.isDirectory(runs)) return [] // no run opened: looking and leaving journal nothing
        def dirs = Files.list(runs).withCloseable { it.toList() }.findAll { Files.exists(it.resolve('journal.jsonl')) }
        dirs ? JournalReader.read(dirs.sort(false).last()) : []
    }

    @Override
    void close() {
        try { keys.close() } catch (IOException ignored) { }
        thread?.join(10_000)
        terminal.close()
    }
}
