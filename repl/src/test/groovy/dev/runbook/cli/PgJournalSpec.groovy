package dev.runbook.cli

import dev.runbook.integrations.testing.PgServer
import dev.runbook.journal.Event
import dev.runbook.journal.LockHolder
import dev.runbook.journal.RunStore
import dev.runbook.journal.RunStores
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * The shared journal on a real PostgreSQL server, through the real CLI: runs, show, report and resume read runs
 * from it; two processes race for one lock; --wait queues; a run killed with SIGKILL frees its lock; an approval
 * sent from another process wakes the waiting run through NOTIFY; a database that stops answering stops the run with
 * where it stopped. Each feature has a database of its own.
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgJournalSpec extends Specification {
    @Shared PgServer server
    @TempDir Path tmp
    String db
    String url
    Map<String, String> env
    List<CliProcess> children = []

    /** Holds db:orders until the file {@code release} appears in the spec's folder (in-process runs share the JVM's cwd). */
    private String getHolder() {
        """
        runbook('db-failover') {
            param 'db', required: true
            lock "db:\${params.db}"
            step('Promote') { sh 'while [ ! -f ${tmp.resolve('release')} ]; do sleep 0.05; done; echo promoted' }
        }
        """
    }

    def setupSpec() {
        server = PgServer.get()
    }

    def setup() {
        db = server.freshDatabase('cli')
        url = server.jdbcUrl(db)
        env = new LinkedHashMap<>(System.getenv())
        env.PGPASSWORD = PgServer.PASSWORD
        env.RUNBOOK_RUNS_DIR = tmp.resolve('local-runs').toString()
        store().close() // creates the journal's tables, so the spec can look at them before any run starts
    }

    def cleanup() {
        children.each { it.destroy() }
    }

    private Path folder(String name, String runbook = holder) {
        Path d = Files.createDirectories(tmp.resolve(name))
        Files.writeString(d.resolve('failover.groovy'), runbook.stripIndent(true))
        d
    }

    private CliProcess child(Path dir, List<String> args, Map<String, String> more = [:]) {
        def p = CliProcess.start(dir, args, [PGPASSWORD: PgServer.PASSWORD] + more)
        children << p
        p
    }

    private RunStore store() {
        RunStores.open(url, env, getClass().classLoader)
    }

    private List<Event> events(String runId) {
        store().withCloseable { it.read(runId).events() }
    }

    private List<String> runIds() {
        store().withCloseable { it.runIds() }
    }

    private String sql(String query) {
        server.psql(db, query).trim()
    }

    /** Three steps; Promote says it started (at-promote), then waits for the file {@code locked}; Repoint app leaves a ledger. */
    private Path stallingRunbook() {
        folder('ops', """
            runbook('db-failover') {
                step('Check replica') { sh 'echo checked' }
                step('Promote') { sh 'touch ${tmp}/at-promote; while [ ! -f ${tmp}/locked ]; do sleep 0.05; done; echo promoted' }
                step('Repoint app') { sh 'echo repointed >> ${tmp}/ledger' }
            }
            """)
    }

    /**
     * Starts {@code run} (a whole command, on another thread), and once Promote has started, locks the journal's events
     * table in a transaction of the spec's own (a migration, a stuck job) and lets Promote finish; returns what the
     * command returned, then lets the table go.
     */
    private <T> T whileEventsLockedDuringPromote(Closure<T> run) {
        def look = java.sql.DriverManager.getConnection(url, new Properties(password: PgServer.PASSWORD))
        try {
            def command = CompletableFuture.supplyAsync { run() }
            assert CliProcess.poll(30) { Files.exists(tmp.resolve('at-promote')) }
            look.autoCommit = false
            look.createStatement().execute('LOCK TABLE runbook.events IN ACCESS EXCLUSIVE MODE')
            Files.createFile(tmp.resolve('locked'))
            T result = command.get(30, TimeUnit.SECONDS)
            look.rollback()
            result
        } finally {
            look.close()
        }
    }

    /** Waits (bounded) until some run holds {@code key} in the journal's lock table; returns its run id. */
    private String awaitHolder(String key) {
        String holder = null
        assert CliProcess.poll(60) { (holder = sql("SELECT run_id FROM runbook.locks WHERE key = '${key}'")) != '' }
        holder
    }

    def "exec journals into PostgreSQL, and runs, show and report read the run from there without showing the password"() {
        given:
        Path dir = folder('ops', '''
            runbook('db-failover') {
                param 'db', required: true
                lock "db:${params.db}"
                step('Check replica') { log 'replica in sync' }
                step('Promote') { sh 'echo promoted' }
                always { report 'incident.md' }
            }
            ''')
        String withPassword = url + '&password=' + PgServer.PASSWORD

        when:
        def exec = CliSession.runWith([:] + env + [PGPASSWORD: ''], 'exec', dir.resolve('failover.groovy'), '-p', 'db=orders',
                '--operator', 'olivia', '--journal', withPassword)
        String id = runIds()[0]
        def runs = CliSession.runWith(env, 'runs', '--journal', url)
        def show = CliSession.runWith(env, 'show', id.substring(0, 17), '--journal', url)
        def report = CliSession.runWith(env, 'report', id, '--journal', url)

        then: 'the run succeeded and says where its journal is, password masked'
        exec.exitCode() == 0
        exec.output.contains("journal ${url}&password=*** (run ${id})")
        and: 'its first lines too, with the folder that holds its files'
        exec.output.readLines().find { it.trim().startsWith('journal ') }?.trim() ==
                "journal ${url}&password=*** (run ${id}) · files ${env.RUNBOOK_RUNS_DIR}/${id}".toString()
        [exec, runs, show, report].every { !(it.output + it.errors).contains(PgServer.PASSWORD) }

        and: 'runs lists it; show gives its timeline; report its incident report'
        runs.exitCode() == 0
        runs.output.readLines()[1] ==~ /${id}\s+db-failover\s+succeeded\s+olivia\s+.*/
        show.exitCode() == 0
        show.output.contains("Run ${id} · db-failover · succeeded")
        show.output.contains('  locks db:orders')
        show.output =~ /Check replica\s+ok/
        show.output =~ /Promote\s+ok/
        report.exitCode() == 0
        report.output.contains('Check replica')
        report.output.contains('Promote')

        and: 'the events are rows in the journal, the lock among them; the run folder holds no journal file'
        sql("SELECT string_agg(type, ',' ORDER BY seq) FROM runbook.events WHERE run_id = '${id}' AND (type LIKE 'run.%' OR type = 'lock.acquired')")
                == 'run.started,lock.acquired,run.finished'
        !Files.exists(tmp.resolve('local-runs').resolve(id).resolve('journal.jsonl'))

        and: "the run's own report, written by always { }, was made from the rows, into the run's local folder"
        Files.readString(tmp.resolve('local-runs').resolve(id).resolve('incident.md')).with { it.contains('Check replica') && it.contains('Promote') }
        sql("SELECT count(*) FROM runbook.locks") == '0'
    }

    def "the REPL journals its run into PostgreSQL and shows that journal"() {
        given:
        Path dir = folder('ops', '''
            runbook('db-failover') {
                param 'db', required: true
                lock "db:${params.db}"
                step('Promote') { log 'promoted' }
            }
            ''')

        when:
        def repl = CliRun.of([input: 'run\njournal\nexit\n', env: env], 'repl', dir.resolve('failover.groovy').toString(),
                '-p', 'db=orders', '--operator', 'olivia', '--journal', url)
        String id = runIds()[0]

        then:
        repl.exitCode == 0
        repl.out.contains("journal ${url} (run ${id})")
        repl.out =~ /lock\.acquired\s+\{key=db:orders/
        events(id)*.type().containsAll(['run.started', 'lock.acquired', 'repl.command', 'step.finished', 'run.finished'])
        sql('SELECT count(*) FROM runbook.locks') == '0'
    }

    def "a journal database that stops answering mid-run stops exec within RUNBOOK_PG_TIMEOUT, saying which step was under way and how to go on"() {
        given:
        Path dir = stallingRunbook()

        when: 'while Promote runs, another session locks the events table and keeps its transaction open'
        def run = whileEventsLockedDuringPromote {
            CliSession.runWith(env + [RUNBOOK_PG_TIMEOUT: '1'], 'exec', dir.resolve('failover.groovy'), '--journal', url)
        }
        String id = runIds()[0]

        then: 'the run stops with the reason, where it stopped, and the commands that show it and go on'
        run.exitCode() == 4
        run.errors.readLines()*.trim() == [
                "runbook: journal error: cannot write the run journal at ${url}: the database did not answer within 1 s (RUNBOOK_PG_TIMEOUT); the connection is closed".toString(),
                "The run stopped during step 2 of 3, 'Promote', whose end is not journaled: it may have done more than the screen shows. 1 step had ended, 1 did not start.",
                "What the journal holds: runbook show ${id} --journal ${url} · once it can be written again: runbook resume ${id} --journal ${url}".toString()]

        and: 'the journal agrees: Promote started and did not end; Repoint app never started'
        def steps = events(id).findAll { it.type() in ['step.started', 'step.finished'] }.collect { it.type() + ' ' + it.str('step') }
        steps == ['step.started Check replica', 'step.finished Check replica', 'step.started Promote']
    }

    def "in the REPL, a journal that stops answering ends the run there: where it stopped, how to go on, and nothing more runs"() {
        given:
        Path dir = stallingRunbook()

        when: 'run, and while Promote runs another session locks the events table; then the operator tries next'
        def shown = whileEventsLockedDuringPromote {
            CliRun.of([input: 'run\nnext\nexit\n', env: env + [RUNBOOK_PG_TIMEOUT: '1']], 'repl',
                    dir.resolve('failover.groovy').toString(), '--journal', url)
        }
        String id = runIds()[0]

        then: 'where it stopped and how to go on, as exec says it; next refused; exit leaves at once with exit code 4'
        shown.exitCode == 4
        shown.out.contains("✗ journal error: cannot write the run journal at ${url}: the database did not answer within 1 s (RUNBOOK_PG_TIMEOUT)")
        shown.out.contains("The run stopped during step 2 of 3, 'Promote', whose end is not journaled")
        shown.out.contains("runbook resume ${id} --journal ${url}")
        shown.out.contains('journal lost > ')
        shown.out.contains("the run's journal cannot be written")
        !shown.out.contains('A run is in progress')
        !shown.hasStackTrace
        !Files.exists(tmp.resolve('ledger'))
    }

    def "two processes racing for one lock: one runs, the other is refused with the holder's run, operator and since"() {
        given:
        def a = child(folder('a'), ['exec', 'failover.groovy', '-p', 'db=orders', '--operator', 'alice', '--journal', url])
        def b = child(folder('b'), ['exec', 'failover.groovy', '-p', 'db=orders', '--operator', 'bob', '--journal', url])

        when: 'one of them gives up; then the holder is let go'
        assert CliProcess.poll(90) { !a.process.alive || !b.process.alive }
        def (loser, winner) = a.process.alive ? [b, a] : [a, b]
        Files.createFile(tmp.resolve('release'))
        assert winner.process.waitFor(60, TimeUnit.SECONDS)
        String winnerId = runIds().with { assert it.size() == 1; it[0] }
        String winnerName = winner.is(a) ? 'alice' : 'bob'

        then: 'the winner ran; the loser was refused with exit code 4 before journaling anything'
        winner.process.exitValue() == 0
        loser.process.exitValue() == 4
        loser.err.contains("runbook: lock 'db:orders' is held by run ${winnerId} (${winnerName} on ")
        loser.err =~ /, since 20\d\d-\d\d-\d\dT[\d:.]+Z\)/
        loser.err.contains('--wait 5m')
        !loser.err.contains('Exception')
    }

    def "with --wait, a second run queues until the first finishes, then takes the lock"() {
        given:
        def first = child(folder('a'), ['exec', 'failover.groovy', '-p', 'db=orders', '--operator', 'alice', '--journal', url])
        String firstId = awaitHolder('db:orders')

        when:
        def second = CliSession.startWith(env, 'exec', folder('b').resolve('failover.groovy'), '-p', 'db=orders',
                '--operator', 'bob', '--journal', url, '--wait', '2m')
        assert CliProcess.poll(30) { second.output.contains('waiting up to 2m') }
        // the second run is trying the lock (and failing: the first holds it) on a connection of its own
        assert CliProcess.poll(30) {
            sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_try_advisory_lock%'") != '0'
        }
        Files.createFile(tmp.resolve('release'))

        then: 'both succeed; the second took the lock after the first had finished'
        first.process.waitFor(60, TimeUnit.SECONDS) && first.process.exitValue() == 0
        second.exitCode(60) == 0
        String secondId = runIds().find { it != firstId }
        def acquired = events(secondId).find { it.type() == 'lock.acquired' }
        acquired.at().isAfter(events(firstId).find { it.type() == 'run.finished' }.at())
        acquired.num('waitedMs') > 0
    }

    def "a run killed with SIGKILL frees its lock: the next run takes it, and runs shows the dead one as resumable"() {
        given:
        def holder = child(folder('a'), ['exec', 'failover.groovy', '-p', 'db=orders', '--operator', 'alice', '--journal', url])
        String deadId = awaitHolder('db:orders')
        assert CliProcess.poll(60) { events(deadId).any { it.type() == 'step.started' } } // killed inside its step

        when:
        holder.process.toHandle().descendants().forEach { it.destroyForcibly() }
        holder.process.destroyForcibly() // SIGKILL: no shutdown hook, no unlock; the server ends the session
        holder.process.waitFor(10, TimeUnit.SECONDS)
        Files.createFile(tmp.resolve('release'))
        def next = CliSession.runWith(env, 'exec', folder('b').resolve('failover.groovy'), '-p', 'db=orders', '--operator', 'bob',
                '--journal', url)
        def runs = CliSession.runWith(env, 'runs', '--journal', url)

        then:
        next.exitCode() == 0
        runs.output.readLines().find { it.startsWith(deadId) } =~ /stopped \(resumable\)/
    }

    def "resume on PostgreSQL goes on from the failed step, takes the lock again, and is refused while another run holds it"() {
        given:
        Path dir = tmp.resolve('ops')
        folder('ops', """
            runbook('db-failover') {
                param 'db', required: true
                lock "db:\${params.db}"
                step('Check replica') { sh 'echo checked >> ${dir}/ledger' }
                step('Promote') { sh 'test -f ${dir}/fixed && echo promoted >> ${dir}/ledger' }
            }
            """)
        def failed = child(dir, ['exec', 'failover.groovy', '-p', 'db=orders', '--journal', url])
        assert failed.process.waitFor(60, TimeUnit.SECONDS) && failed.process.exitValue() == 1
        String id = runIds()[0]
        Files.createFile(dir.resolve('fixed'))

        when: 'another run holds the target'
        def other = store()
        def held = other.lock(['db:orders'], new LockHolder('20261126-000000-beef', 'carol', 'db-admin-1', 1, Instant.parse('2026-11-26T11:00:00Z')),
                Duration.ZERO)
        def refused = CliSession.runWith(env, 'resume', id, '--yes', '--journal', url)
        held.close()
        other.close()
        def resumed = CliSession.runWith(env, 'resume', id, '--yes', '--journal', url)

        then: 'refused, naming the holder'
        assert resumed.exitCode() == 0: resumed.output + resumed.errors
        refused.exitCode() == 4
        refused.errors.contains("lock 'db:orders' is held by run 20261126-000000-beef (carol on db-admin-1, since 2026-11-26T11:00:00Z)")

        and: 'then resumed: the finished step did not run again, the failed one did, with the lock taken again'
        resumed.exitCode() == 0
        Files.readAllLines(dir.resolve('ledger')) == ['checked', 'promoted']
        events(id)*.type().findAll { it in ['run.started', 'run.resumed', 'lock.acquired', 'run.finished'] } ==
                ['run.started', 'lock.acquired', 'run.finished', 'run.resumed', 'lock.acquired', 'run.finished']
        events(id).findAll { it.type() == 'run.finished' }*.str('outcome') == ['failed', 'succeeded']
    }

    def "an approval sent from another process wakes the waiting run in under a second, through NOTIFY (polling once a minute)"() {
        given: 'a run in its own JVM waits for a lead; it polls the journal for decisions only once a minute'
        Path dir = folder('ops', '''
            runbook('db-failover') {
                severity P1
                step('Check replica') { log 'replica in sync' }
                requireApproval P1, within: 5.minutes
                step('Promote') { log 'promoted' }
            }
            ''')
        Files.writeString(dir.resolve('runbook.team.groovy'), "team {\n member 'alice', role: 'lead'\n member 'olivia', role: 'lead'\n}\n")
        def exec = child(dir, ['exec', 'failover.groovy', '--operator', 'olivia', '--journal', url], [RUNBOOK_JOURNAL_POLL_MS: '60000'])
        String id = null
        assert CliProcess.poll(60) { (id = runIds()[0]) && events(id).any { it.type() == 'approval.requested' } }
        Thread.sleep(300) // the run is in its wait loop, its listener long started

        when: 'alice approves from elsewhere: another process, the same journal'
        def approve = CliSession.runWith(env, 'approve', id, '--as', 'alice', '--journal', url)

        then:
        approve.exitCode() == 0
        approve.output.contains('✓ accepted: alice approved ([lead]; claimed, unverified; sent by database role postgres)')
        exec.process.waitFor(30, TimeUnit.SECONDS) && exec.process.exitValue() == 0

        and: 'the run journaled the grant less than a second after the decision was committed'
        Instant sentAt = Instant.parse(sql("SELECT to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM runbook.approvals"))
        def granted = events(id).find { it.type() == 'approval.granted' }
        granted.data().subMap('by', 'source') == [by: 'alice', source: 'journal']
        Duration.between(sentAt, granted.at()) < Duration.ofSeconds(1)
    }

    def "a member bound to a database role approves only from a session of that role; the role that sent each decision is journaled"() {
        given: 'alice is the role alice_db; eve can write to the journal too (before: eve approved "as alice" and nothing recorded eve)'
        def suffix = db.replaceAll(/[^a-z0-9]/, '')
        def alice = "alice_${suffix}".toString()
        def eve = "eve_${suffix}".toString()
        [alice, eve].each { role ->
            server.psql(db, "CREATE ROLE ${role} LOGIN PASSWORD '${PgServer.PASSWORD}'; GRANT USAGE ON SCHEMA runbook TO ${role}; "
                    + "GRANT SELECT ON ALL TABLES IN SCHEMA runbook TO ${role}; GRANT INSERT ON runbook.approvals TO ${role}; "
                    + "GRANT USAGE ON ALL SEQUENCES IN SCHEMA runbook TO ${role}")
        }
        Path dir = folder('ops', '''
            runbook('db-failover') {
                severity P1
                requireApproval P1, within: 5.minutes
                step('Promote') { log 'promoted' }
            }
            ''')
        Files.writeString(dir.resolve('runbook.team.groovy'), "team {\n member 'alice', role: 'lead', dbRole: '${alice}'\n}\n")
        def exec = child(dir, ['exec', 'failover.groovy', '--operator', 'olivia', '--journal', url])
        String id = null
        assert CliProcess.poll(60) { (id = runIds()[0]) && events(id).any { it.type() == 'approval.requested' } }

        when: 'eve says she is alice, then alice approves from her own role'
        def asEve = CliSession.runWith(env, 'approve', id, '--as', 'alice', '--journal', url.replace('user=postgres', "user=${eve}"))
        def asAlice = CliSession.runWith(env, 'approve', id, '--as', 'alice', '--journal', url.replace('user=postgres', "user=${alice}"))

        then:
        asEve.exitCode() == 3
        asEve.errors.contains("alice approves only through database role ${alice}: it was sent by database role ${eve}")
        asAlice.exitCode() == 0
        asAlice.output.contains("verified: sent by database role ${alice}")
        exec.process.waitFor(30, TimeUnit.SECONDS) && exec.process.exitValue() == 0
        events(id).find { it.type() == 'approval.refused' }.str('sentBy') == "database role ${eve}"
        events(id).find { it.type() == 'approval.granted' }.data().subMap('verification', 'sentBy') == [verification: 'db-role', sentBy: "database role ${alice}"]

        and: 'the column cannot be forged: the server sets it from session_user'
        sql("SELECT count(*) FROM runbook.approvals WHERE sent_by = '${eve}'") == '1'
    }

    def "a PostgreSQL restart while a run waits for an approval: the run reconnects and keeps waiting, and an approval given after it is applied"() {
        given: 'a run in its own JVM waits for a lead'
        Path dir = folder('ops', '''
            runbook('db-failover') {
                severity P1
                step('Check replica') { log 'replica in sync' }
                requireApproval P1, within: 10.minutes
                step('Promote') { log 'promoted' }
            }
            ''')
        Files.writeString(dir.resolve('runbook.team.groovy'), "team {\n member 'alice', role: 'lead'\n member 'olivia', role: 'lead'\n}\n")
        def exec = child(dir, ['exec', 'failover.groovy', '--operator', 'olivia', '--journal', url])
        String id = null
        assert CliProcess.poll(60) { (id = runIds()[0]) && events(id).any { it.type() == 'approval.requested' } }
        String holder = "runbook process ${exec.process.pid()} on".toString()
        assert runHeldBy(id).startsWith(holder)

        when: 'the server restarts: every session ends, the run liveness lock with them'
        server.restart()

        then: 'the run opens a new session and takes its run again, and is still waiting'
        CliProcess.poll(60) { runHeldBy(id).startsWith(holder) }
        exec.process.alive

        when: 'alice approves after the restart'
        def approve = CliSession.runWith(env, 'approve', id, '--as', 'alice', '--journal', url)

        then: 'the approval is applied and the run finishes'
        approve.exitCode() == 0
        exec.process.waitFor(60, TimeUnit.SECONDS)
        exec.process.exitValue() == 0
        def all = events(id)
        all.find { it.type() == 'approval.granted' }.data().subMap('by', 'source') == [by: 'alice', source: 'journal']
        all.findAll { it.type() == 'step.finished' }*.str('step') == ['Check replica', 'approval P1', 'Promote']
        all*.seq() == (1L..all.size()).toList()
        all.last().type() == 'run.finished' && all.last().str('outcome') == 'succeeded'
    }

    /** The application_name of the session holding the run's liveness lock ("" when none does). */
    private String runHeldBy(String id) {
        // AdvisoryKeys.run: the first 8 bytes of SHA-256 of 'runbook-run:' + the id
        long key = java.nio.ByteBuffer.wrap(java.security.MessageDigest.getInstance('SHA-256').digest("runbook-run:${id}".toString().getBytes('UTF-8')), 0, 8).long
        sql("SELECT coalesce(max(a.application_name), '') FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = ${key >>> 32} AND l.objid::bigint = ${key & 0xffffffffL}")
    }
}
