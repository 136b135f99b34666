package dev.runbook.integrations.pg

import dev.runbook.compile.RunbookCompiler
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.Outcome
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunSession
import dev.runbook.integrations.testing.PgServer
import dev.runbook.journal.JournalReader
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** pg used by name inside a runbook's steps, run by the engine, with its calls in the run's journal. */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgRunbookSpec extends Specification {
    @Shared PgServer server
    Path runs = Files.createTempDirectory('pg-runs')

    static final String RUNBOOK = '''
        runbook('verify-and-back-up') {
            secret 'DB_PASSWORD'
            param 'database', required: true
            step('Check integrity') {
                def db = pg.connect(host: '127.0.0.1', port: env.PGPORT as int, user: 'postgres',
                                    password: secrets.DB_PASSWORD, database: params.database)
                db.check('orders intact') {
                    expectZero 'orphan orders', 'SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL'
                }
                log "orders: ${db.count('orders')}"
            }
            step('Back up') {
                pg.dump(params.database, to: "${workdir}/before.dump")
            }
        }
    '''

    def setupSpec() {
        server = PgServer.get()
    }

    def cleanup() {
        runs.toFile().deleteDir()
    }

    def "a runbook checks and backs up a database through pg, and the journal has every call without the password"() {
        given:
        String shop = PgFixtures.freshShop(server)

        when:
        def result = run(shop, false)
        def events = JournalReader.read(result.runDir())
        def calls = events.findAll { it.type() == 'integration.call' }

        then:
        result.outcome() == Outcome.SUCCEEDED
        Files.size(result.runDir().resolve('before.dump')) > 0
        calls*.str('action') == ['connect', 'check', 'count', 'dump']
        calls*.str('outcome') == ['ok', 'ok', 'ok', 'ok']
        calls*.str('step') == ['Check integrity', 'Check integrity', 'Check integrity', 'Back up']
        calls.every { it.str('integration') == 'pg' && it.str('target') == "postgresql://postgres@127.0.0.1:${server.port}/${shop}".toString() }
        events.find { it.type() == 'step.log' }.str('text') == 'orders: 120'
        !result.runDir().resolve('journal.jsonl').toFile().text.contains(PgServer.PASSWORD)
    }

    def "a failed integrity check fails the run with the check's table, and the call is journaled as failed"() {
        given:
        String shop = PgFixtures.freshShop(server)
        server.psql(shop, 'INSERT INTO orders (customer_id, total) VALUES (404, 1)')

        when:
        def result = run(shop, false)
        def calls = JournalReader.read(result.runDir()).findAll { it.type() == 'integration.call' }

        then:
        result.outcome() == Outcome.FAILED
        result.failure().step == 'Check integrity'
        result.failure().message.contains("pg: check 'orders intact' failed on postgresql://postgres@127.0.0.1:${server.port}/${shop}: 1 of 1 expectations not met")
        result.failure().message.contains('orphan orders')
        calls*.str('action') == ['connect', 'check']
        calls*.str('outcome') == ['ok', 'failed']
        calls.last().get('ok') == false
        !Files.exists(result.runDir().resolve('before.dump'))
    }

    def "in a dry run the backup is journaled as dry-run and no file is written"() {
        given:
        String shop = PgFixtures.freshShop(server)

        when:
        def result = run(shop, true)
        def calls = JournalReader.read(result.runDir()).findAll { it.type() == 'integration.call' }

        then:
        result.outcome() == Outcome.SUCCEEDED
        calls.find { it.str('action') == 'dump' }.str('outcome') == 'dry-run'
        !Files.exists(result.runDir().resolve('before.dump'))
    }

    private run(String database, boolean dryRun) {
        def runbook = new RunbookCompiler(getClass().classLoader).compile(RUNBOOK, 'verify.groovy')
        Map<String, String> env = new HashMap<>(System.getenv())
        env.putAll(server.env())
        env.DB_PASSWORD = PgServer.PASSWORD
        def options = RunOptions.defaults([database: database]).withRunsRoot(runs).withEnvironment(env).withDryRun(dryRun)
        def session = RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader))
        try {
            session.runToEnd()
        } finally {
            session.close()
        }
    }
}
