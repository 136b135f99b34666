package dev.runbook.testing

import java.time.Duration

/**
 * How a scripted command answers, written in the closure of {@code shell.on(...)}:
 * <pre>
 * shell.on(~/docker compose up.*&#47;) { exit 1; stderr 'no such service: api' }
 * shell.on('curl -fsS http://127.0.0.1:4000/health') { stdout '{"status":"ok"}' }
 * shell.on(~/pg_dump .*&#47;) { sleep 3.minutes }      // takes that long, on the spec's virtual clock
 * </pre>
 * {@code command} and {@code env} say what was asked, for answers that depend on it.
 */
class CommandAnswer {
    /** The command line as the runbook ran it. */
    final String command
    /** The environment the command would have had (the run's, with the command's {@code env:} on top). */
    final Map<String, String> env
    final File dir
    int exitCode = 0
    final StringBuilder out = new StringBuilder()
    final StringBuilder err = new StringBuilder()
    Duration took = Duration.ZERO

    CommandAnswer(String command, Map<String, String> env, File dir) {
        this.command = command
        this.env = env
        this.dir = dir
    }

    /** The command exits with this code (0 unless said). */
    void exit(int code) { exitCode = code }

    /** A line (or lines) on standard output. */
    void stdout(Object text) { out << text << (String.valueOf(text).endsWith('\n') ? '' : '\n') }

    /** A line (or lines) on standard error. */
    void stderr(Object text) { err << text << (String.valueOf(text).endsWith('\n') ? '' : '\n') }

    /** The command takes this long, on the virtual clock: a step or command timeout shorter than it fires. */
    void sleep(Duration d) { took = took + d }
}
