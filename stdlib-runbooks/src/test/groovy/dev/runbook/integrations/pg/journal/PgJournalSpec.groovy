package dev.runbook.integrations.pg.journal

import dev.runbook.integrations.testing.PgServer
import dev.runbook.journal.Event
import dev.runbook.journal.Journal
import dev.runbook.journal.JournalException
import dev.runbook.journal.RunStore
import dev.runbook.journal.RunStores
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path
import java.sql.Connection
import java.sql.DriverManager
import java.time.Instant
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicLong

/**
 * How a run's events reach PostgreSQL, against a real server: many writers share commits, an interrupted writer
 * does not break the journal, live output is sent without waiting, and a lost connection is reported to every
 * writer instead of leaving one waiting, as is a database that stops answering.
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgJournalSpec extends Specification {
    static final String RUN = '20261126-220000-pgjn'

    @Shared PgServer server
    @TempDir Path tmp
    String db
    RunStore store
    Journal journal
    /** A connection of the spec's own: what another machine would see. */
    Connection look

    def setupSpec() {
        server = PgServer.get()
    }

    def setup() {
        db = server.freshDatabase('journal')
        store = RunStores.open(server.jdbcUrl(db), [PGPASSWORD: PgServer.PASSWORD, RUNBOOK_RUNS_DIR: tmp.toString()], getClass().classLoader)
        journal = store.create(RUN)
        look = DriverManager.getConnection(server.jdbcUrl(db), new Properties(password: PgServer.PASSWORD))
    }

    def cleanup() {
        try {
            journal?.close()
        } catch (JournalException ignored) {
            // the features that break the connection have checked what they expect
        }
        store?.close()
        look?.close()
    }

    private static Event event(long seq, String type = 'step.output', Map data = [line: "line $seq".toString()]) {
        new Event(seq, Instant.parse('2026-11-26T22:00:00Z').plusMillis(seq), type, data)
    }

    private synchronized long count(String where = 'true') {
        def rs = look.createStatement().executeQuery("SELECT count(*) FROM runbook.events WHERE run_id = '$RUN' AND $where")
        rs.next()
        rs.getLong(1)
    }

    def "events written from a hundred threads at once share transactions, and each is committed before its writer goes on"() {
        given:
        def seq = new AtomicLong()
        List<String> notThereYet = Collections.synchronizedList([])

        when: 'each of 100 threads writes 10 durable events, then looks for its last from another connection'
        def threads = (1..100).collect {
            Thread.ofVirtual().start {
                long s = 0
                10.times {
                    s = seq.incrementAndGet()
                    journal.append(event(s, 'fanout.target'), true)
                }
                if (count("seq = $s") != 1) notThereYet << s
            }
        }
        threads*.join()

        then:
        notThereYet.empty
        count() == 1000
        and: 'rows committed together share their transaction id'
        def rs = look.createStatement().executeQuery("SELECT count(DISTINCT xmin::text) FROM runbook.events WHERE run_id = '$RUN'")
        rs.next()
        rs.getLong(1) < 500
    }

    def "a writer interrupted while it journals still gets its event committed, keeps its interrupt, and the journal goes on"() {
        given:
        journal.append(event(1, 'run.started', [runbook: 'db-failover']), true)
        boolean stillInterrupted = false
        Throwable failed = null

        when: 'a fan-out target (a virtual thread) is interrupted, by a timeout say, just as it journals'
        Thread.ofVirtual().start {
            Thread.currentThread().interrupt()
            try {
                journal.append(event(2, 'fanout.target'), true)
                stillInterrupted = Thread.currentThread().isInterrupted()
            } catch (Throwable t) {
                failed = t
            }
        }.join()
        journal.append(event(3, 'run.finished', [outcome: 'succeeded']), true)

        then:
        failed == null
        stillInterrupted
        store.read(RUN).events()*.seq() == [1, 2, 3]
    }

    def "a live output line reaches the server without waiting for the next durable event, and closing sends the last ones"() {
        when:
        journal.append(event(1), false)
        long t0 = System.nanoTime()
        while (count() == 0 && System.nanoTime() - t0 < 5_000_000_000L) Thread.sleep(5)

        then: 'another machine sees it while the command still runs, and it survives the process dying'
        count() == 1

        when:
        (2..50).each { journal.append(event(it), false) }
        journal.close()

        then:
        count() == 50
    }

    def "when the server ends the journal session, the writer opens a new one, takes the run again and writes on: nothing lost, nothing twice"() {
        given:
        journal.append(event(1, 'run.started', [runbook: 'db-failover']), true)

        when: 'the server ends the journal session (the one holding the run), as a restart does'
        look.createStatement().execute("""SELECT pg_terminate_backend(pid, 5000) FROM pg_locks
                                          WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")
        journal.append(event(2, 'step.started'), true)
        journal.append(event(3, 'step.finished'), true)

        then:
        count() == 3

        cleanup:
        journal.close()
    }

    def "when the session is lost and another process takes the run meanwhile, the writer waiting and every later writer are told why, and nothing is written after the gap"() {
        given:
        journal.append(event(1, 'run.started', [runbook: 'db-failover']), true)

        when: 'the server ends the journal session, and another session takes the run before the writer is back'
        def runKey = look.createStatement().executeQuery("""SELECT l.classid::bigint << 32 | l.objid::bigint FROM pg_locks l
                WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())""")
                .with { it.next(); it.getLong(1) }
        // one statement: the lock is taken the moment the session has ended, before the writer can be back
        look.createStatement().execute("""SELECT pg_terminate_backend(pid, 5000), pg_advisory_lock(${runKey}) FROM pg_locks
                                          WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")
        journal.append(event(2, 'step.started'), true)

        then:
        def e = thrown(JournalException)
        e.message.startsWith("cannot write the run journal at ${server.jdbcUrl(db)}: ".toString())

        when:
        journal.append(event(3, 'step.output'), false)

        then:
        def again = thrown(JournalException)
        again.message == e.message
        count() == 1

        when: 'the run ends: its close has nothing new to report'
        journal.close()

        then:
        noExceptionThrown()
    }

    def "a database that stops answering fails the waiting writer within RUNBOOK_PG_TIMEOUT, saying so, instead of holding the run"() {
        given: 'a journal whose statements may take 1 s'
        def quick = RunStores.open(server.jdbcUrl(db), [PGPASSWORD: PgServer.PASSWORD, RUNBOOK_RUNS_DIR: tmp.toString(),
                                                        RUNBOOK_PG_TIMEOUT: '1'], getClass().classLoader)
        def stalled = quick.create('20261127-000000-stal')
        stalled.append(event(1, 'run.started', [runbook: 'db-failover']), true)

        when: 'another session locks the events table and keeps its transaction open (a migration, a stuck job)'
        look.autoCommit = false
        look.createStatement().execute('LOCK TABLE runbook.events IN ACCESS EXCLUSIVE MODE')
        // on a thread of its own: a writer waits for its commit through interrupts, so a hang would hold the spec too
        def write = CompletableFuture.runAsync { stalled.append(event(2, 'step.started'), true) }
        write.get(15, TimeUnit.SECONDS)

        then: 'the writer is told why within the limit, not left waiting until the lock goes'
        def e = thrown(ExecutionException)
        e.cause instanceof JournalException
        e.cause.message == "cannot write the run journal at ${server.jdbcUrl(db)}: the database did not answer within 1 s (RUNBOOK_PG_TIMEOUT); the connection is closed".toString()

        cleanup:
        look.rollback()
        look.autoCommit = true
        try {
            stalled.close()
        } catch (JournalException ignored) {
            // checked above
        }
        quick.close()
    }

    def "a RUNBOOK_PG_TIMEOUT that is not a number of seconds is refused with what to write"() {
        when:
        RunStores.open(server.jdbcUrl(db), [PGPASSWORD: PgServer.PASSWORD, RUNBOOK_PG_TIMEOUT: 'soon'], getClass().classLoader)

        then:
        def e = thrown(JournalException)
        e.message == "RUNBOOK_PG_TIMEOUT must be a whole number of seconds above 0, such as 30, not 'soon'"
    }
}
