package dev.runbook.integrations.pg

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.PgServer
import dev.runbook.integrations.testing.PgTestContext
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgQuerySpec extends Specification {
    @Shared PgServer server
    @Shared String shop
    PgTestContext ctx = new PgTestContext()
    def pg = new PgProvider().create(ctx)

    def setupSpec() {
        server = PgServer.get()
        shop = PgFixtures.freshShop(server)
    }

    def "query returns rows as maps and binds its arguments in order"() {
        given:
        def db = pg.connect(server.url(shop))

        when:
        def rows = db.query('SELECT id, name FROM customers WHERE id <= ? AND name LIKE ? ORDER BY id', [3, 'customer%'])

        then:
        rows == [[id: 1, name: 'customer 1'], [id: 2, name: 'customer 2'], [id: 3, name: 'customer 3']]
        ctx.calls*.action == ['connect', 'query']
        ctx.calls[1].rows == 3
        ctx.calls.every { it.integration == 'pg' && it.outcome == 'ok' && it.durationMs >= 0 }
    }

    def "scalar and count read single numbers, and timestamps come back as java.time values"() {
        given:
        def db = pg.connect(server.url(shop))

        expect:
        db.count('orders') == 120
        db.count('public.customers') == 20
        db.scalar('SELECT sum(total) FROM orders WHERE customer_id = ?', [2]) == 1.5 * (1 + 21 + 41 + 61 + 81 + 101)
        db.scalar('SELECT placed_at FROM orders LIMIT 1') instanceof java.time.OffsetDateTime
        db.scalar('SELECT id FROM orders WHERE id < 0') == null
    }

    def "named parameters and the libpq environment connect like a URL does"() {
        given:
        def envCtx = new PgTestContext(server.env())
        def viaEnv = new PgProvider().create(envCtx)

        expect:
        pg.connect(host: '127.0.0.1', port: server.port, user: 'postgres', password: PgServer.PASSWORD, database: shop).count('customers') == 20
        viaEnv.connect(database: shop).count('customers') == 20
        viaEnv.connect("postgresql://127.0.0.1:${server.port}/${shop}").count('customers') == 20
    }

    def "the password never appears in the journal, the target, or an error message"() {
        given:
        def db = pg.connect(server.url(shop))
        db.query('SELECT 1')

        when:
        pg.connect("postgresql://postgres:wrong-pass-123@127.0.0.1:${server.port}/${shop}")

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("pg: connect on postgresql://postgres@127.0.0.1:${server.port}/${shop} failed: ")
        e.message.contains('password authentication failed')
        !e.message.contains('wrong-pass-123')
        db.target.display() == "postgresql://postgres@127.0.0.1:${server.port}/${shop}"
        ctx.calls[0].target == db.target.display()
        ctx.calls.last().outcome == 'failed'
        !ctx.events.toString().contains(PgServer.PASSWORD)
        !ctx.events.toString().contains(URLEncoder.encode(PgServer.PASSWORD, 'UTF-8'))
        !ctx.events.toString().contains('wrong-pass-123')
    }

    def "a failing query fails the step with the server's reason and the target"() {
        given:
        def db = pg.connect(server.url(shop))

        when:
        db.query('SELECT * FROM no_such_table')

        then:
        def e = thrown(StepFailure)
        e.message.contains("pg: query on postgresql://postgres@127.0.0.1:${server.port}/${shop} failed: ")
        e.message.contains('relation "no_such_table" does not exist')
        ctx.calls.last().outcome == 'failed'
        ctx.calls.last().sql == 'SELECT * FROM no_such_table'
    }

    def "a misspelt option fails with a suggestion"() {
        when:
        pg.connect(server.url(shop), pasword: 'x')

        then:
        def e = thrown(StepFailure)
        e.message == "pg.connect: unknown option 'pasword:' — did you mean 'password'?"
    }

    def "a passing integrity check returns its table of results"() {
        given:
        def db = pg.connect(server.url(shop))

        when:
        def report = db.check('orders intact') {
            expectZero 'orphan orders', 'SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL'
            expectZero 'SELECT id FROM orders WHERE total < 0'
            expect 'customers', 'SELECT count(*) FROM customers', 20
        }

        then:
        report.ok
        report.rows*.name == ['orphan orders', 'orders intact #2', 'customers']
        report.rows*.value == [0L, 0, 20L]
        report.rows*.ok == [true, true, true]
        report.toString().contains('orphan orders')
        with(ctx.calls.last()) {
            action == 'check'
            check == 'orders intact'
            ok == true
            results*.name == ['orphan orders', 'orders intact #2', 'customers']
        }
    }

    def "a failing integrity check fails the step and shows which expectation was not met"() {
        given:
        server.psql(shop, 'INSERT INTO orders (customer_id, total) VALUES (999, 5), (998, 7)')
        def db = pg.connect(server.url(shop))

        when:
        db.check('orders intact') {
            expectZero 'orphan orders', 'SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL'
            expectZero 'negative totals', 'SELECT count(*) FROM orders WHERE total < 0'
        }

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("pg: check 'orders intact' failed on postgresql://postgres@127.0.0.1:${server.port}/${shop}: 1 of 2 expectations not met")
        e.message.readLines().find { it.contains('orphan orders') }.contains('FAILED')
        e.message.readLines().find { it.contains('negative totals') }.endsWith('ok')
        ctx.calls.last().outcome == 'failed'
        ctx.calls.last().results*.ok == [false, true]

        when: 'asked for the report instead'
        def report = db.check('orders intact', failStep: false) {
            expectZero 'orphan orders', 'SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL'
        }

        then:
        !report.ok
        report.failed*.value == [2L]

        cleanup:
        server.psql(shop, 'DELETE FROM orders WHERE customer_id >= 998')
    }

    def "execute changes rows, and in a dry run it changes nothing and says so"() {
        given:
        def db = pg.connect(server.url(shop))

        when:
        ctx.dry = true
        def n = db.execute('DELETE FROM orders WHERE customer_id = ?', [3])

        then:
        n == 0
        db.count('orders') == 120
        ctx.calls.find { it.action == 'execute' }.outcome == 'dry-run'

        when:
        ctx.dry = false
        n = db.execute("UPDATE customers SET name = 'renamed' WHERE id = ?", [3])

        then:
        n == 1
        db.scalar('SELECT name FROM customers WHERE id = 3') == 'renamed'
    }
}
