package dev.runbook.cli

import dev.runbook.integrations.testing.PgServer
import dev.runbook.journal.RunStores
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.sql.DriverManager
import java.sql.SQLException

/**
 * The PostgreSQL journal's defences (issue 18, 3b) on a real server: a login role granted runbook_writer (migration 3)
 * runs a runbook end to end and cannot UPDATE, DELETE or TRUNCATE what was journaled; a privileged role that rewrites
 * an approver in runbook.events is caught by the integrity chain, and show no longer reports the forged approver as fact.
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgJournalChainSpec extends Specification {
    @Shared PgServer server
    @TempDir Path tmp
    String db
    String url
    String writer
    Map<String, String> env

    def setupSpec() {
        server = PgServer.get()
    }

    def setup() {
        db = server.freshDatabase('chain')
        url = server.jdbcUrl(db)
        env = new LinkedHashMap<>(System.getenv())
        env.PGPASSWORD = PgServer.PASSWORD
        env.RUNBOOK_RUNS_DIR = tmp.resolve('local-runs').toString()
        RunStores.open(url, env, getClass().classLoader).close() // migrates: the roles exist from here on
        writer = "ops_${db.replaceAll(/[^a-z0-9]/, '')}".toString()
        server.psql(db, "CREATE ROLE ${writer} LOGIN PASSWORD '${PgServer.PASSWORD}'; GRANT runbook_writer TO ${writer}")
        Files.writeString(tmp.resolve('deploy.groovy'), '''\
            runbook('deploy') {
                param 'tag', default: 'v1'
                requireApproval P1, reason: 'changes things'
                step('one') { sh "echo one ${params.tag}" }
                step('two') { sh 'echo two' }
                step('three') { sh 'echo three' }
            }
            '''.stripIndent())
    }

    private String writerUrl() {
        url.replace('user=postgres', "user=${writer}")
    }

    private String sql(String query) {
        server.psql(db, query).trim()
    }

    private String execAsWriter() {
        def exec = CliSession.runWith(env, 'exec', tmp.resolve('deploy.groovy'), '--yes', '--approved-by', 'alice', '--operator', 'olivia',
                '--journal', writerUrl())
        assert exec.exitCode() == 0: exec.errors
        sql('SELECT run_id FROM runbook.runs')
    }

    private String refusedAsWriter(String statement) {
        def c = DriverManager.getConnection(writerUrl(), new Properties(password: PgServer.PASSWORD))
        try {
            c.createStatement().execute(statement)
            return null
        } catch (SQLException e) {
            return e.SQLState + ' ' + e.message
        } finally {
            c.close()
        }
    }

    def "a login role granted runbook_writer runs a runbook end to end: events, approval, lock-free steps, show and report"() {
        when:
        def id = execAsWriter()
        def show = CliSession.runWith(env, 'show', id, '--journal', writerUrl())

        then:
        sql("SELECT count(*) FROM runbook.events WHERE run_id = '${id}'") as int >= 8
        sql("SELECT bool_and(line LIKE '{\"chain\":\"%') FROM runbook.events") == 't'
        show.exitCode() == 0
        show.output.contains('approvers alice')
        show.output.contains('operator olivia (OS user ')
    }

    def "a run resumed through the writer role goes on with the chain: show verifies it, exit 0"() {
        given: 'a run whose second step fails until the file go exists'
        Files.writeString(tmp.resolve('fails.groovy'), """\
            runbook('fails') {
                step('one') { sh 'echo one' }
                step('two') { sh "test -f '${tmp.resolve('go')}'" }
            }
            """.stripIndent())
        def failed = CliSession.runWith(env, 'exec', tmp.resolve('fails.groovy'), '--yes', '--journal', writerUrl())
        assert failed.exitCode() == 1
        def id = sql('SELECT run_id FROM runbook.runs')
        Files.createFile(tmp.resolve('go'))

        when:
        def resumed = CliSession.runWith(env, 'resume', id, '--yes', '--journal', writerUrl())
        def show = CliSession.runWith(env, 'show', id, '--journal', writerUrl())

        then:
        resumed.exitCode() == 0
        sql("SELECT count(*) FROM runbook.events WHERE run_id = '${id}' AND type = 'run.resumed'") == '1'
        show.exitCode() == 0
        !(show.output + show.errors).contains('altered')
    }

    def "connected as the writer role, PostgreSQL refuses #statement of journaled rows"() {
        given:
        def id = execAsWriter()
        def before = sql("SELECT md5(string_agg(line, '' ORDER BY seq)) FROM runbook.events")

        when:
        def refusal = refusedAsWriter(statement.replace('{run}', id))

        then: 'permission denied (42501), and the rows are as they were'
        refusal?.startsWith('42501')
        sql("SELECT md5(string_agg(line, '' ORDER BY seq)) FROM runbook.events") == before

        where:
        statement << [
                "UPDATE runbook.events SET line = replace(line, 'alice', 'carol') WHERE run_id = '{run}'",
                "DELETE FROM runbook.events WHERE run_id = '{run}' AND type = 'approval.granted'",
                'TRUNCATE runbook.events',
                "UPDATE runbook.approvals SET decision = 'x'",
                'DELETE FROM runbook.approvals',
                "DELETE FROM runbook.runs WHERE run_id = '{run}'",
                'ALTER TABLE runbook.events DISABLE TRIGGER ALL',
        ]
    }

    def "a privileged role rewrites the approver in runbook.events: show says the journal was altered at that event, and not that carol approved"() {
        given:
        def id = execAsWriter()
        def n = sql("SELECT seq FROM runbook.events WHERE run_id = '${id}' AND type = 'approval.granted'")

        when: 'as the superuser (the writer role cannot), alice becomes carol'
        sql("UPDATE runbook.events SET line = replace(line, '\"by\":\"alice\"', '\"by\":\"carol\"') WHERE run_id = '${id}' AND seq = ${n}")
        def show = CliSession.runWith(env, 'show', id, '--journal', url)
        def resume = CliSession.runWith(env, 'resume', id, '--yes', '--journal', url)

        then:
        show.exitCode() == 4
        show.output.readLines()[0].contains("journal altered at event ${n}")
        !show.output.contains('approvers carol')
        show.output.contains('approvers none')
        show.output.contains('by=carol')
        resume.exitCode() == 4
        resume.errors.contains("cannot resume ${id}: journal altered at event ${n}")
    }

    def "migration 4: each event a writer appends is announced on runbook_events with its run id, and nothing else"() {
        given: 'a session that LISTENs, as the writer too (LISTEN needs no grant)'
        def listener = DriverManager.getConnection(writerUrl(), new Properties(password: PgServer.PASSWORD))
        listener.createStatement().execute('LISTEN runbook_events')

        when: 'the writer runs the runbook end to end (the trigger runs as the writer: no SECURITY DEFINER)'
        String runId = execAsWriter()
        def payloads = []
        def pg = listener.unwrap(org.postgresql.PGConnection)
        while (true) {
            def ns = pg.getNotifications(200) // everything was committed before exec returned: what is queued is all there is
            if (!ns) break
            payloads.addAll(ns*.parameter)
        }

        then: 'the run id only, once per transaction of events, never the event'
        sql('SELECT version FROM runbook.schema_version ORDER BY version DESC LIMIT 1') == '4'
        !payloads.isEmpty()
        payloads.every { it == runId }
        payloads.size() <= sql("SELECT count(*) FROM runbook.events WHERE run_id = '${runId}'") as int

        cleanup:
        listener?.close()
    }
}
