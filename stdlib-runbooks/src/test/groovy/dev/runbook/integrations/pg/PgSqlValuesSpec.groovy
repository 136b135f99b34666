package dev.runbook.integrations.pg

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.PgServer
import dev.runbook.integrations.testing.PgTestContext
import dev.runbook.model.RawShell
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

/**
 * A value in {@code db.query("… ${value}")} is data, never SQL, on a real PostgreSQL: each hostile value below is
 * bound or escaped where it stands, finds nothing it should not, and the table it tries to drop is still there.
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgSqlValuesSpec extends Specification {
    @Shared PgServer server
    @Shared String shop
    PgTestContext ctx = new PgTestContext()
    def pg = new PgProvider().create(ctx)

    def setupSpec() {
        server = PgServer.get()
        shop = PgFixtures.freshShop(server)
    }

    static final List<String> HOSTILE = [
            "1; DROP TABLE orders",
            "1 OR 1=1",
            "0 UNION SELECT count(*) FROM orders",
            "x' OR '1'='1",
            "x'; DROP TABLE orders; --",
            "x\"; DROP TABLE orders; --",
            "1 -- ",
            "1 /* */ OR 1=1",
            "*/ OR 1=1 /*",
            "\\'; DROP TABLE orders; --",
            "x\nOR 1=1",
    ]

    def "a hostile value matches nothing, bare or quoted, and drops nothing: #shown"() {
        given:
        def db = pg.connect(server.url(shop))
        String v = hostile

        when: 'bare: a bind parameter, typed by its place (id is an integer, name text)'
        def byName = db.query("SELECT id FROM customers WHERE name = ${v}")
        def counted = db.scalar("SELECT count(*) FROM customers WHERE name = ${v} -- ${v}")
        def inQuotes = v.contains('\\') ? [] : db.query("SELECT id FROM customers WHERE name = '${v}' /* ${v} */")

        then:
        byName == []
        counted == 0
        inQuotes == []
        db.count('orders') == 120

        where:
        hostile << HOSTILE
        shown = hostile.replace('\n', '\\n')
    }

    def "a value bare in an integer comparison is typed by PostgreSQL, as if it were written there"() {
        given:
        def db = pg.connect(server.url(shop))
        String id = '3'

        expect:
        db.query("SELECT name FROM customers WHERE id = ${id}") == [[name: 'customer 3']]
        db.scalar("SELECT count(*) FROM orders WHERE customer_id = ${2} AND total > ${'0'}") == 6

        when: 'a value that is not a number where a number stands'
        db.query("SELECT name FROM customers WHERE id = ${'3 OR 1=1'}")

        then: 'PostgreSQL refuses it as a number; it never reads it as SQL'
        def e = thrown(StepFailure)
        e.message.contains('invalid input syntax for type integer')
    }

    def "execute and check bind their values too; raw() inserts SQL text as it is"() {
        given:
        def db = pg.connect(server.url(shop))
        String evil = "x'); DROP TABLE orders; --"
        String table = 'customers'

        when:
        db.execute("INSERT INTO customers (id, name) VALUES (${999}, ${evil})")
        def report = db.check(failStep: false, 'no evil') { expectZero "SELECT count(*) FROM customers WHERE name = ${evil} AND id < 0" }

        then:
        db.scalar("SELECT count(*) FROM ${new RawShell(table)} WHERE name = ${evil}") == 1
        report.ok
        db.count('orders') == 120

        cleanup:
        db?.execute("DELETE FROM customers WHERE name = ${evil}")
    }

    def "a value with a backslash inside the author's quotes is refused with what to write"() {
        given:
        def db = pg.connect(server.url(shop))
        String v = "a\\"

        when:
        db.query("SELECT id FROM customers WHERE name = '${v}'")

        then:
        def e = thrown(StepFailure)
        e.message == "pg: a value with a backslash stands inside '…' in the SQL — take the quotes away around \${…} so it is bound as a value"
        db.count('orders') == 120
    }
}
