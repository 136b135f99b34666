package dev.runbook.integrations.pg

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.PgServer
import dev.runbook.integrations.testing.PgTestContext
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** db.transaction { } on a real server, and which database pg.dump takes when a URL names one (issue 19, defect 11). */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgTransactionSpec extends Specification {
    @Shared PgServer server
    PgTestContext ctx
    def pg
    String shop
    Path dir = Files.createTempDirectory('pg-tx')

    def setupSpec() {
        server = PgServer.get()
    }

    def setup() {
        ctx = new PgTestContext(server.env())
        pg = new PgProvider().create(ctx)
        shop = PgFixtures.freshShop(server, 'tx')
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    def "a transaction commits when the closure returns, and returns its value"() {
        given:
        def db = pg.connect(server.url(shop))

        when:
        def value = db.transaction { tx ->
            tx.execute('DELETE FROM orders WHERE id > ?', [100])
            execute "UPDATE customers SET name = ${'renamed'} WHERE id = 1"
            tx.scalar('SELECT count(*) FROM orders')
        }

        then:
        value == 100
        orders() == '100'
        server.psql(shop, 'SELECT name FROM customers WHERE id = 1').trim() == 'renamed'
        ctx.calls.last().action == 'transaction'
        ctx.calls.last().committed == true
        ctx.calls.last().statements == 3
    }

    def "any throw rolls the transaction back and is passed on"() {
        given:
        def db = pg.connect(server.url(shop))

        when:
        db.transaction { tx ->
            tx.execute('DELETE FROM orders')
            throw error
        }

        then:
        def e = thrown(StepFailure)
        e.message.contains(message)
        orders() == '120'
        ctx.calls.last().outcome == 'failed'
        ctx.calls.last().committed == false

        where:
        error                                         | message
        new IllegalStateException('stock mismatch')    | 'stock mismatch'
        new StepFailure('refusing', StepFailure.Kind.ERROR) | 'refusing'
        new AssertionError('assert failed')            | 'assert failed'
    }

    def "a failing statement rolls back the statements before it"() {
        when:
        pg.connect(server.url(shop)).transaction { tx ->
            tx.execute('DELETE FROM orders')
            tx.execute('INSERT INTO no_such_table VALUES (1)')
        }

        then:
        def e = thrown(StepFailure)
        e.message.contains('relation "no_such_table" does not exist')
        orders() == '120'
    }

    def "in a dry run a transaction reads but changes nothing"() {
        given:
        def db = pg.connect(server.url(shop))
        ctx.dry = true

        when:
        def seen = db.transaction { tx ->
            tx.execute('DELETE FROM orders')
            tx.scalar('SELECT count(*) FROM orders')
        }

        then:
        seen == 120
        orders() == '120'
    }

    def "pg.dump with url: dumps the URL's database; a different name beside it is refused (defect 11)"() {
        given:
        String url = server.url(shop)

        when: 'the FM5 example: the name and the URL disagree'
        pg.dump('fm5', url: url, to: dir.resolve('x.dump'))

        then:
        def e = thrown(StepFailure)
        e.message.contains("the database 'fm5' differs from the one url: names ('${shop}')")
        !e.message.contains(PgServer.PASSWORD)
        Files.list(dir).withCloseable { it.toList() } == []

        when: 'the URL alone, or a name that agrees with it'
        def alone = pg.dump(url: url, to: dir.resolve('alone.sql'))
        def agreeing = pg.dump(shop, url: url, to: dir.resolve('agreeing.sql'))

        then:
        alone.database == shop
        agreeing.database == shop
        Files.readString(alone.file).contains('CREATE TABLE public.orders')
    }

    private String orders() {
        server.psql(shop, 'SELECT count(*) FROM orders').trim()
    }
}
