package dev.runbook.integrations.pg.journal

import dev.runbook.integrations.testing.PgServer
import dev.runbook.journal.Event
import dev.runbook.journal.JournalException
import dev.runbook.journal.LockBusyException
import dev.runbook.journal.LockHolder
import dev.runbook.journal.RunStore
import dev.runbook.journal.RunStores
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * The PostgreSQL journal against a real server: the schema it creates and migrates, runs and events, approvals
 * woken by NOTIFY, and target locks held as advisory locks. Each feature gets a database of its own.
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgRunStoreSpec extends Specification {
    @Shared PgServer server
    @TempDir Path tmp
    String db
    List<RunStore> opened = []

    def setupSpec() {
        server = PgServer.get()
    }

    def setup() {
        db = server.freshDatabase('journal')
    }

    def cleanup() {
        opened.each { it.close() }
    }

    private RunStore open(Map<String, String> env = [:]) {
        def store = RunStores.open(server.jdbcUrl(db), [PGPASSWORD: PgServer.PASSWORD, RUNBOOK_RUNS_DIR: tmp.toString()] + env,
                getClass().classLoader)
        opened << store
        store
    }

    private String sql(String query) {
        server.psql(db, query).trim()
    }

    private static Event event(long seq, String type, Map data = [:]) {
        new Event(seq, Instant.parse('2026-11-26T12:00:00Z').plusSeconds(seq), type, data)
    }

    private static LockHolder holder(String run, String operator = 'alice') {
        new LockHolder(run, operator, 'web-1', 4242, Instant.parse('2026-11-26T12:00:00Z'))
    }

    def "the first use creates the journal's tables and records schema version 1"() {
        when:
        open()

        then:
        sql("SELECT version || ' ' || description FROM runbook.schema_version ORDER BY version") == '1 runs, events, approvals, locks\n2 approvals.sent_by from session_user\n' +
                '3 roles runbook_owner (migrations) and runbook_writer (append and read)\n4 NOTIFY runbook_events with the run id of each event'
        sql("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'runbook'") ==
                'approvals,events,locks,runs,schema_version'
    }

    def "opening the journal again, or from several processes at once, migrates nothing twice"() {
        given:
        open().close()

        when: 'four stores open at once on a database that already has the schema, and on a new one'
        String second = server.freshDatabase('journal')
        def opens = (1..4).collect { i ->
            CompletableFuture.supplyAsync {
                RunStores.open(server.jdbcUrl(i % 2 ? db : second), [PGPASSWORD: PgServer.PASSWORD], getClass().classLoader)
            }
        }
        opens.each { opened << it.get(30, TimeUnit.SECONDS) }

        then: 'each database has version 1 once, and its tables once'
        sql('SELECT count(*) FROM runbook.schema_version') == '4'
        server.psql(second, 'SELECT count(*) FROM runbook.schema_version').trim() == '4'
        server.psql(second, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'runbook'").trim() == '5'
    }

    def "a journal whose schema is newer than this runbook knows is refused, not written"() {
        given:
        open().close()
        sql("INSERT INTO runbook.schema_version (version, description) VALUES (99, 'from the future')")

        when:
        open()

        then:
        def e = thrown(JournalException)
        e.message.contains('has schema version 99, newer than this runbook knows (4) — use a newer runbook')
    }

    def "a wrong password is reported without the URL's password or the one given"() {
        when:
        RunStores.open("jdbc:postgresql://127.0.0.1:${server.port}/${db}?user=postgres&password=Wr0ng-secret", [:], getClass().classLoader)

        then:
        def e = thrown(JournalException)
        e.message.startsWith("cannot reach the journal at jdbc:postgresql://127.0.0.1:${server.port}/${db}?user=postgres&password=***: ".toString())
        !e.message.contains('Wr0ng-secret')
        !e.message.contains(PgServer.PASSWORD)
    }

    def "events written to a run read back in order, and runs list newest first"() {
        given:
        def store = open()

        when:
        ['20261126-120000-aaaa', '20261126-130000-bbbb'].each { id ->
            def j = store.create(id)
            j.append(event(1, 'run.started', [run: id, runbook: 'db-failover', nodes: ['One']]), true)
            j.append(event(2, 'step.output', [step: 'One', stream: 'stdout', line: 'hello ✓']), false)
            j.append(event(3, 'run.finished', [outcome: 'succeeded']), true)
            j.close()
        }
        def events = store.read('20261126-120000-aaaa').events()

        then:
        store.runIds() == ['20261126-130000-bbbb', '20261126-120000-aaaa']
        events*.seq() == [1, 2, 3]
        events*.type() == ['run.started', 'step.output', 'run.finished']
        events[1].data() == [step: 'One', stream: 'stdout', line: 'hello ✓']
        events[0].at() == Instant.parse('2026-11-26T12:00:01Z')
        sql("SELECT runbook FROM runbook.runs WHERE run_id = '20261126-120000-aaaa'") == 'db-failover'
    }

    def "a run whose writer holds its journal open is running; once closed, it is not"() {
        given:
        def store = open()
        def journal = store.create('20261126-120000-aaaa')
        journal.append(event(1, 'run.started', [run: '20261126-120000-aaaa', nodes: []]), true)
        def events = store.read('20261126-120000-aaaa').events()

        expect:
        open().stillRunning('20261126-120000-aaaa', events)

        when:
        journal.close()

        then:
        !open().stillRunning('20261126-120000-aaaa', events)
    }

    def "a second run wanting a held lock is refused with the holder's run, operator, host and since"() {
        given:
        def first = open().lock(['db:orders', 'queue:billing'], holder('run-1'), Duration.ZERO)

        when:
        open().lock(['db:orders'], holder('run-2', 'bob'), Duration.ZERO)

        then:
        def e = thrown(LockBusyException)
        e.key() == 'db:orders'
        e.holder() == holder('run-1')
        e.message == "lock 'db:orders' is held by run run-1 (alice on web-1, since 2026-11-26T12:00:00Z)"

        when: 'the first run ends'
        first.close()
        def second = open().lock(['db:orders'], holder('run-2', 'bob'), Duration.ZERO)

        then:
        second.keys() == ['db:orders']
        sql("SELECT run_id || ' ' || operator FROM runbook.locks WHERE key = 'db:orders'") == 'run-2 bob'
        sql("SELECT count(*) FROM runbook.locks WHERE key = 'queue:billing'") == '0'

        cleanup:
        second?.close()
    }

    def "with a wait, a run queues until the holder lets go, and says how long it waited"() {
        given:
        def first = open().lock(['db:orders'], holder('run-1'), Duration.ZERO)
        def store = open()
        long called = 0
        def waiting = CompletableFuture.supplyAsync {
            called = System.nanoTime()
            store.lock(['db:orders'], holder('run-2'), Duration.ofSeconds(30))
        }

        when:
        Thread.sleep(700)
        boolean queued = !waiting.done
        first.close()
        long released = System.nanoTime()
        def second = waiting.get(10, TimeUnit.SECONDS)
        long returned = System.nanoTime()

        then: 'the wait it reports is the time the call stood in the queue (measured around the call, not a fixed figure: under load the call may start late)'
        queued
        second.waitedMs() >= TimeUnit.NANOSECONDS.toMillis(released - called) - 100
        second.waitedMs() <= TimeUnit.NANOSECONDS.toMillis(returned - called) + 1

        cleanup:
        second?.close()
    }

    def "a wait that runs out refuses the run, naming the holder and how long it waited"() {
        given:
        def first = open().lock(['db:orders'], holder('run-1'), Duration.ZERO)

        when:
        open().lock(['db:orders'], holder('run-2'), Duration.ofMillis(600))

        then:
        def e = thrown(LockBusyException)
        e.message.startsWith("lock 'db:orders' is held by run run-1 (alice on web-1, since 2026-11-26T12:00:00Z); waited ")

        cleanup:
        first.close()
    }

    def "a decision sent from another store reaches the run's inbox through NOTIFY, long before the next poll"() {
        given: 'the inbox polls only once a minute'
        def store = open(RUNBOOK_JOURNAL_POLL_MS: '60000')
        store.create('20261126-120000-aaaa').close()
        def inbox = store.inbox('20261126-120000-aaaa')
        Set<String> seen = [] as Set
        // the listener raises the flag once when LISTEN has taken effect (to catch what came before): wait for that
        long listening = System.nanoTime()
        while (!inbox.hasFresh(seen) && System.nanoTime() - listening < 10_000_000_000L) Thread.sleep(5)

        when:
        long t0 = System.nanoTime()
        String ref = open().sendDecision('20261126-120000-aaaa', [by: 'alice', decision: 'approve'])
        while (!inbox.hasFresh(seen) && System.nanoTime() - t0 < 5_000_000_000L) Thread.sleep(5)
        long tookMs = (System.nanoTime() - t0).intdiv(1_000_000)

        then:
        tookMs < 1000
        inbox.fresh(seen)*.ref() == [ref]
        inbox.fresh(seen)[0].body() == [by: 'alice', decision: 'approve']

        cleanup:
        inbox?.close()
    }
}
