package dev.runbook.examples

import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A program running in a detached tmux session on a private tmux server (its own socket, so a person's tmux is
 * never touched): keys go in with send-keys, the screen comes back with capture-pane.
 */
class TmuxScreen implements Closeable {
    final String session = 'repl'
    private final Path socket

    /** @param dir where the private server's socket lives (a spec's temp folder, removed with it) */
    TmuxScreen(Path dir) {
        socket = dir.resolve('tmux.sock')
    }

    /** Whether tmux is on the PATH. */
    static boolean installed() {
        System.getenv('PATH').split(File.pathSeparator).any { new File(it, 'tmux').canExecute() }
    }

    /** Starts {@code command} (a shell line) in a {@code width}×{@code height} terminal. */
    TmuxScreen start(String command, int width = 160, int height = 50) {
        tmux('new-session', '-d', '-s', session, '-x', "$width", '-y', "$height", command)
        this
    }

    /** Types a line and Enter. */
    TmuxScreen type(String line) {
        tmux('send-keys', '-t', session, '-l', line) // -l: the text as typed, no key names
        tmux('send-keys', '-t', session, 'Enter')
        this
    }

    /** The screen and its scroll-back, lines joined where the terminal wrapped them. */
    String text() {
        tmux('capture-pane', '-p', '-J', '-S', '-2000', '-t', session)
    }

    /**
     * Waits (bounded) until the screen shows {@code wanted} {@code times} times, and returns whether it did.
     */
    boolean waitFor(String wanted, int times = 1, int seconds = 120) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        while (System.nanoTime() < end) {
            if (text().count(wanted) >= times) return true
            Thread.sleep(100)
        }
        false
    }

    /** Ends the session and its private server; the program in it gets SIGHUP. */
    @Override
    void close() {
        try {
            tmux('kill-server')
        } catch (IllegalStateException ignored) {
            // the server is already gone: the program ended and nothing kept the session open
        }
    }

    private String tmux(String... args) {
        def process = new ProcessBuilder(['tmux', '-S', socket.toString()] + args.toList()).redirectErrorStream(true).start()
        String output = process.inputStream.text
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            throw new IllegalStateException("tmux ${args.join(' ')} did not end within 30 s")
        }
        if (process.exitValue() != 0) throw new IllegalStateException("tmux ${args.join(' ')}: ${output.trim()}")
        output
    }
}
