package dev.runbook.cli

import dev.runbook.app.RunbookCli
import dev.runbook.term.Io
import groovy.transform.Canonical

/** What one in-process command line returned and printed. */
@Canonical
class CliRun {
    int exitCode
    String out
    String err

    /** Everything the person saw, stdout then stderr. */
    String getShown() { out + err }

    /** True when the output holds an ANSI escape sequence (colour, bold). */
    boolean getHasAnsi() { shown.contains('\u001b[') }

    /** True when a Java stack trace leaked into the output. */
    boolean getHasStackTrace() { shown =~ /(?m)^\s+at [\w.$]+\(/ || shown.contains('Exception:') }

    /**
     * Runs {@code runbook args...} in this JVM through {@link RunbookCli#run}.
     *
     * @param options input: text typed at the prompts; env: the environment the command sees;
     *                stdinTerminal / stdoutTerminal: whether a person sits at a terminal (default: no, as in CI)
     */
    static CliRun of(Map options = [:], String... args) {
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        def io = new Io(new ByteArrayInputStream(((options.input ?: '') as String).getBytes('UTF-8')),
                new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'),
                (options.env ?: [:]) as Map<String, String>,
                (options.stdinTerminal ?: false) as boolean, (options.stdoutTerminal ?: false) as boolean)
        int code = RunbookCli.run(io, args)
        new CliRun(code, out.toString('UTF-8'), err.toString('UTF-8'))
    }
}
