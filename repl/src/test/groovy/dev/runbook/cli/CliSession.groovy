package dev.runbook.cli

import dev.runbook.app.RunbookCli
import dev.runbook.journal.Event
import dev.runbook.journal.JournalReader
import dev.runbook.term.Io
import spock.util.concurrent.PollingConditions

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * One CLI command run in-process, as the user would type it, with what it printed. {@link #start} runs it on its
 * own thread (a second terminal), so a spec can act while it waits.
 */
class CliSession {
    final ByteArrayOutputStream out = new ByteArrayOutputStream()
    final ByteArrayOutputStream err = new ByteArrayOutputStream()
    final Io io
    private CompletableFuture<Integer> exit

    CliSession(Map<String, String> env = System.getenv(), boolean terminal = false) {
        io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, terminal, false)
    }

    /** As typed at a terminal whose input has ended (Ctrl-D). */
    static CliSession runAtClosedTerminal(Object... args) {
        def r = new CliSession(System.getenv(), true)
        r.exit = CompletableFuture.completedFuture(RunbookCli.run(r.io, args.collect { it.toString() } as String[]))
        r
    }

    static CliSession run(Object... args) {
        runWith(System.getenv(), args)
    }

    /** As {@link #run}, in the environment {@code env}. */
    static CliSession runWith(Map<String, String> env, Object... args) {
        def r = new CliSession(env)
        r.exit = CompletableFuture.completedFuture(RunbookCli.run(r.io, args.collect { it.toString() } as String[]))
        r
    }

    static CliSession start(Object... args) {
        startWith(System.getenv(), args)
    }

    /** As {@link #start}, in the environment {@code env}. */
    static CliSession startWith(Map<String, String> env, Object... args) {
        def r = new CliSession(env)
        r.exit = CompletableFuture.supplyAsync({ RunbookCli.run(r.io, args.collect { it.toString() } as String[]) } as java.util.function.Supplier)
        r
    }

    int exitCode(long seconds = 60) { exit.get(seconds, TimeUnit.SECONDS) }

    String getOutput() { out.toString(StandardCharsets.UTF_8) }

    String getErrors() { err.toString(StandardCharsets.UTF_8) }

    /** The one run folder under {@code runs} whose journal shows it waiting for approval; waits for it (bounded). */
    static Path awaitApprovalRequest(Path runs, double seconds = 60) {
        Path found = null
        new PollingConditions(timeout: seconds, delay: 0.05).eventually {
            found = Files.isDirectory(runs) ? Files.list(runs).withCloseable { s ->
                s.filter { d -> journalOf(d).any { it.type() == 'approval.requested' } }.findFirst().orElse(null)
            } : null
            assert found != null
        }
        found
    }

    static List<Event> journalOf(Path runDir) {
        Files.exists(runDir.resolve('journal.jsonl')) ? JournalReader.read(runDir) : []
    }
}
