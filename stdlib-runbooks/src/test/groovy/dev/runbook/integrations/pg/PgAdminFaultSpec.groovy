package dev.runbook.integrations.pg

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.PgServer
import dev.runbook.integrations.testing.PgTestContext
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.sql.Connection
import java.sql.DriverManager

/**
 * Renames and swaps that fail half-way on a real server: a terminate the role may not do, a rename the role may not
 * do. Afterwards every database takes connections again and has the name it had (issue 19, defect 2).
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgAdminFaultSpec extends Specification {
    static final String OPS_PASSWORD = 'ops-Pw-19'
    @Shared PgServer server
    @Shared String ops
    PgTestContext ctx
    def pg
    List<Connection> held = []

    def setupSpec() {
        server = PgServer.get()
        ops = "ops_${ProcessHandle.current().pid()}"
        server.psql('postgres', "CREATE ROLE ${ops} LOGIN CREATEDB PASSWORD '${OPS_PASSWORD}'")
    }

    def setup() {
        ctx = new PgTestContext(server.env())
        pg = new PgProvider().create(ctx)
    }

    def cleanup() {
        held*.close()
    }

    def "a terminate the role is not allowed to do fails the rename and the database takes connections again"() {
        given: 'a database the ops role owns, with a superuser session open on it'
        String live = PgFixtures.freshShop(server, 'live')
        server.psql('postgres', "ALTER DATABASE ${live} OWNER TO ${ops}")
        held << superuserSession(live)

        when:
        pg.renameDatabase(live, live + '_broken', terminate: true, user: ops, password: OPS_PASSWORD)

        then:
        def e = thrown(StepFailure)
        e.message.contains('must be a superuser to terminate superuser process')
        and: 'the real state: same name, connections allowed, the session still there'
        allowConn(live) == 't'
        allowConn(live + '_broken') == ''
        held[0].isValid(5)
        !e.message.contains(OPS_PASSWORD)
    }

    def "a drop whose terminate is refused leaves the database taking connections"() {
        given:
        String db = PgFixtures.freshShop(server, 'dropme')
        server.psql('postgres', "ALTER DATABASE ${db} OWNER TO ${ops}")
        held << superuserSession(db)

        when:
        pg.dropDatabase(db, terminate: true, user: ops, password: OPS_PASSWORD)

        then:
        thrown(StepFailure)
        allowConn(db) == 't'
    }

    def "swapDatabases exchanges two names in one transaction"() {
        given:
        String live = PgFixtures.freshShop(server, 'swl')
        String recovery = PgFixtures.freshShop(server, 'swr')
        server.psql(live, 'CREATE TABLE was_live (x int)')
        server.psql(recovery, 'CREATE TABLE was_recovery (x int)')
        held << superuserSession(live)

        when:
        def r = pg.swapDatabases(live, recovery, terminate: true)

        then:
        r.action == 'swap'
        r.database == live
        r.newName == recovery
        r.terminated.size() == 1
        hasTable(live, 'was_recovery')
        hasTable(recovery, 'was_live')
        allowConn(live) == 't'
        allowConn(recovery) == 't'
        ctx.calls.last().action == 'swapDatabases'
    }

    def "a swap whose second rename fails renames neither database"() {
        given: 'the ops role owns the first database and not the second: the first rename works, the second is refused'
        String a = PgFixtures.freshShop(server, 'swa')
        String b = PgFixtures.freshShop(server, 'swb')
        server.psql(a, 'CREATE TABLE is_a (x int)')
        server.psql('postgres', "ALTER DATABASE ${a} OWNER TO ${ops}")

        when:
        pg.swapDatabases(a, b, user: ops, password: OPS_PASSWORD)

        then:
        def e = thrown(StepFailure)
        e.message.contains("must be owner of database ${b}")
        e.message.contains('neither database was renamed')
        hasTable(a, 'is_a')
        server.psql('postgres', "SELECT count(*) FROM pg_database WHERE datname LIKE 'swap\\_%'").trim() == '0'
    }

    def "a swap whose terminate is refused leaves both databases taking connections under their names"() {
        given:
        String a = PgFixtures.freshShop(server, 'swc')
        String b = PgFixtures.freshShop(server, 'swd')
        server.psql('postgres', "ALTER DATABASE ${a} OWNER TO ${ops}; ALTER DATABASE ${b} OWNER TO ${ops}")
        held << superuserSession(b)

        when:
        pg.swapDatabases(a, b, terminate: true, user: ops, password: OPS_PASSWORD)

        then:
        thrown(StepFailure)
        allowConn(a) == 't'
        allowConn(b) == 't'
        held[0].isValid(5)
    }

    def "databases() lists the server's databases and exists() finds one"() {
        given:
        String db = PgFixtures.freshShop(server, 'listed')

        expect:
        db in pg.databases()
        !('template0' in pg.databases())
        pg.exists(db)
        !pg.exists(db + '_nope')
        ctx.calls*.action.containsAll(['databases', 'exists'])
    }

    private Connection superuserSession(String db) {
        Properties p = new Properties()
        p.user = PgServer.USER
        p.password = PgServer.PASSWORD
        p.ApplicationName = 'app-under-test'
        new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:${server.port}/${db}", p)
    }

    private String allowConn(String db) {
        server.psql('postgres', "SELECT datallowconn FROM pg_database WHERE datname = '${db}'").trim()
    }

    private boolean hasTable(String db, String table) {
        server.psql(db, "SELECT count(*) FROM pg_tables WHERE tablename = '${table}'").trim() == '1'
    }
}
