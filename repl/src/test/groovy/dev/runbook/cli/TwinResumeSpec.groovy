package dev.runbook.cli

import dev.runbook.integrations.testing.PgServer
import dev.runbook.journal.RunStores
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * Two {@code runbook resume RUN --yes} of one crashed run started at the same moment: a run has one owner at a time,
 * on every journal, so one resumes it and the other is refused with who holds it (or, when it comes after the end,
 * finds nothing to do). Every later step runs once and the journal stays one readable timeline.
 */
class TwinResumeSpec extends Specification {
    @TempDir
    Path dir

    def "two resumes of one crashed run at the same moment (folder journal): one runs it, the other is refused saying who holds it"() {
        given: 'a run that crashed after its first step (its journal cut there, its ledger to match)'
        def journal = dir.resolve('runs').toString()
        def id = crashedRun(journal, [:])
        CrashedRuns.cutJournalAfter(dir.resolve('runs'), id) { it.contains('"step.finished"') && it.contains('"step":"a"') }

        expect:
        twinsResumeOnce(id, journal, [:])
    }

    @Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
    def "two resumes of one crashed run at the same moment (PostgreSQL journal): one runs it, the other is refused saying who holds it"() {
        given: 'a database of this spec, and a run that crashed after its first step (its events cut there)'
        def server = PgServer.get()
        def db = server.freshDatabase('twins')
        def journal = server.jdbcUrl(db)
        def env = [PGPASSWORD: PgServer.PASSWORD, RUNBOOK_RUNS_DIR: dir.resolve('local-runs').toString()]
        def id = crashedRun(journal, env)
        def lastKept = server.psql(db, "SELECT seq FROM runbook.events WHERE run_id = '$id' AND type = 'step.finished' "
                + "AND line LIKE '%\"step\":\"a\"%'").trim()
        server.psql(db, "DELETE FROM runbook.events WHERE run_id = '$id' AND seq > $lastKept")

        expect:
        twinsResumeOnce(id, journal, env)
    }

    /** Runs the three-step runbook to its end in a JVM that is gone afterwards; its ledger is left as if it crashed after 'a'. */
    private String crashedRun(String journal, Map<String, String> env) {
        def file = RunbookFiles.write(dir, 'twins.groovy', """\
            runbook('twins') {
                step('a', idempotent: true) { sh "echo a >> '${ledger}'" }
                step('b', idempotent: true) { sh "sleep 1; echo b >> '${ledger}'" }
                step('c', idempotent: true) { sh "sleep 1; echo c >> '${ledger}'" }
            }
            """)
        def first = CliProcess.start(dir, ['exec', file, '--yes', '--journal', journal], env)
        assert first.process.waitFor(60, TimeUnit.SECONDS) && first.process.exitValue() == 0: first.err
        ledger.toFile().text = 'a\n'
        RunStores.open(journal, System.getenv() + env, getClass().classLoader).withCloseable { it.runIds()[0] }
    }

    private Path getLedger() { dir.resolve('ledger.txt') }

    /** Starts two resumes at once, each in a JVM of its own, and checks what a person would: once, one owner, one timeline. */
    private boolean twinsResumeOnce(String id, String journal, Map<String, String> env) {
        List<CliProcess> twins = []
        try {
            twins = (1..2).collect { n ->
                def d = Files.createDirectories(dir.resolve("twin-$n"))
                CliProcess.start(d, ['resume', id, '--yes', '--journal', journal], env)
            }
            twins.each { assert it.process.waitFor(90, TimeUnit.SECONDS) }
            def said = twins.collect { "exit ${it.process.exitValue()}:\n${it.out}${it.err}" }.join('\n')

            // each later step ran once
            assert Files.readAllLines(ledger) == ['a', 'b', 'c']: said
            // one resumed it; the other was refused (exit 4) saying which process holds the run, or came after the end
            def winners = twins.findAll { it.process.exitValue() == 0 && it.out.contains('Resuming run') }
            assert winners.size() == 1: said
            def other = (twins - winners)[0]
            assert (other.process.exitValue() == 4 && other.err =~ /run $id is held by process \d+ on \S+ since/
                    && !other.err.contains('Exception')) || (other.process.exitValue() == 0 && other.out.contains('already succeeded')): said
            // the journal is one timeline that show reads
            def events = RunStores.open(journal, System.getenv() + env, getClass().classLoader).withCloseable { it.read(id).events() }
            assert events*.seq() == (1L..events.size()).toList()
            assert events.count { it.type() == 'run.resumed' } == 1
            assert CliRun.of(env: System.getenv() + env, 'show', id, '--journal', journal).exitCode == 0
            true
        } finally {
            twins.each { it.destroy() }
        }
    }
}
