package dev.runbook.integrations.pg

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.PgServer
import dev.runbook.integrations.testing.PgTestContext
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.sql.Connection
import java.sql.DriverManager

/** The recovery-database swap: restore a backup beside the live database, then rename the two. */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgDatabaseSwapSpec extends Specification {
    @Shared PgServer server
    PgTestContext ctx
    def pg

    def setupSpec() {
        server = PgServer.get()
    }

    def setup() {
        ctx = new PgTestContext(server.env())
        pg = new PgProvider().create(ctx)
    }

    def "renaming a database with open connections is refused, naming them, until terminate: true ends them"() {
        given: 'the live database, damaged, with an application connected to it'
        String live = PgFixtures.freshShop(server, 'voxflow')
        String recovery = live + '_recovery'
        def backup = Files.createTempFile('voxflow', '.dump')
        pg.dump(live, to: backup)
        server.psql(live, 'DELETE FROM orders WHERE id % 2 = 0')
        Connection app = appConnection(live)

        and: 'the backup restored beside it'
        pg.createDatabase(recovery)
        pg.restore(recovery, from: backup)

        when:
        pg.renameDatabase(live, live + '_broken')

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("pg: rename of database '${live}' to '${live}_broken' refused: 1 connection is open to '${live}': pid ")
        e.message.contains("user postgres, application 'voxflow-api', from 127.0.0.1")
        e.message.endsWith('— stop those clients first, or pass terminate: true to end them')
        !app.isClosed()
        databases().contains(live)
        ctx.calls.last().action == 'renameDatabase'
        ctx.calls.last().outcome == 'failed'

        when:
        def moved = pg.renameDatabase(live, live + '_broken', terminate: true)
        def swapped = pg.renameDatabase(recovery, live)

        then:
        moved.terminated.size() == 1
        moved.terminated[0].contains("application 'voxflow-api'")
        swapped.terminated.isEmpty()
        databases().containsAll([live, live + '_broken'])
        !databases().contains(recovery)
        count(live, 'orders') == 120L
        count(live + '_broken', 'orders') == 60L
        !app.isValid(2)

        and: 'the renamed database accepts connections again'
        server.psql(live + '_broken', "SELECT datallowconn FROM pg_database WHERE datname = '${live}_broken'").trim() == 't'

        cleanup:
        app?.close()
        Files.deleteIfExists(backup)
    }

    def "dropping a database is refused while connected and done with terminate: true"() {
        given:
        String db = PgFixtures.freshShop(server, 'scratch')
        Connection app = appConnection(db)

        when:
        pg.dropDatabase(db)

        then:
        def e = thrown(StepFailure)
        e.message.contains("pg: drop of database '${db}' refused: 1 connection is open")
        databases().contains(db)

        when:
        def dropped = pg.dropDatabase(db, terminate: true)
        def again = pg.dropDatabase(db, ifExists: true)

        then:
        dropped.terminated.size() == 1
        !databases().contains(db)
        again.terminated.isEmpty()

        cleanup:
        app?.close()
    }

    def "in a dry run create, rename and drop change nothing"() {
        given:
        String db = PgFixtures.freshShop(server, 'dry')
        ctx.dry = true

        when:
        def results = [pg.createDatabase(db + '_new'), pg.renameDatabase(db, db + '_x'), pg.dropDatabase(db)]

        then:
        results*.dryRun == [true, true, true]
        databases().contains(db)
        !databases().contains(db + '_new')
        ctx.calls*.outcome == ['dry-run', 'dry-run', 'dry-run']
        ctx.calls*.action == ['createDatabase', 'renameDatabase', 'dropDatabase']
    }

    def "creating a database that exists fails with the server's reason"() {
        given:
        String db = PgFixtures.freshShop(server, 'dup')

        when:
        pg.createDatabase(db)

        then:
        def e = thrown(StepFailure)
        e.message == "pg: creating database '${db}' on postgresql://postgres@127.0.0.1:${server.port}/postgres failed: ERROR: database \"${db}\" already exists"
    }

    private Connection appConnection(String db) {
        def props = new Properties()
        props.user = PgServer.USER
        props.password = PgServer.PASSWORD
        props.ApplicationName = 'voxflow-api'
        new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:${server.port}/${db}", props)
    }

    private List<String> databases() {
        server.psql('postgres', 'SELECT datname FROM pg_database').readLines()*.trim()
    }

    private long count(String db, String table) {
        server.psql(db, "SELECT count(*) FROM ${table}").trim() as long
    }
}
