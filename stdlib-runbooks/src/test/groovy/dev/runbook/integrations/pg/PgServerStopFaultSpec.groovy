package dev.runbook.integrations.pg

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.PgServer
import dev.runbook.integrations.testing.PgTestContext
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.sql.Connection
import java.util.concurrent.TimeUnit

/**
 * The server dies mid-call ({@code pg_ctl stop -m immediate}, as in a crash) on a server of this spec's own, then is
 * started again: the call failed, and after crash recovery the data is as it was before the call.
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang is a failure, not a stuck build; nothing waits on time below
class PgServerStopFaultSpec extends Specification {
    @Shared PgServer server
    PgTestContext ctx
    def pg
    Path dir = Files.createTempDirectory('pg-stop')
    Connection lock

    def setupSpec() {
        server = PgServer.startPrivate()
    }

    def setup() {
        ctx = new PgTestContext(server.env())
        pg = new PgProvider().create(ctx)
    }

    def cleanup() {
        try { lock?.close() } catch (ignored) { }
        dir.toFile().deleteDir()
    }

    def "the server stopped mid-restore: the restore fails, and after restart nothing of it is there"() {
        given:
        String shop = PgFixtures.freshShop(server, 'stop')
        holdGate(shop)
        Path sql = dir.resolve('blocking.sql')
        Files.writeString(sql, 'DELETE FROM orders;\nLOCK TABLE gate IN ACCESS EXCLUSIVE MODE;\n')
        def call = PgRestoreFaultSpec.async { pg.restore(shop, from: sql) }
        awaitWaiting(shop, 'psql')

        when:
        server.stopImmediate()
        Throwable failure = call.join()
        server.startAgain()

        then:
        failure instanceof StepFailure
        failure.message.contains("restore of database '${shop}'")
        failure.message.contains('nothing was restored')
        server.psql(shop, 'SELECT count(*) FROM orders').trim() == '120'
    }

    def "the server stopped mid-dump: the dump fails and leaves no file"() {
        given:
        String shop = PgFixtures.freshShop(server, 'stopdump')
        holdGate(shop)
        def call = PgRestoreFaultSpec.async { pg.dump(shop, to: dir.resolve('shop.dump')) }
        awaitWaiting(shop, 'pg_dump')

        when:
        server.stopImmediate()
        Throwable failure = call.join()
        server.startAgain()

        then:
        failure instanceof StepFailure
        failure.message.contains("dump of database '${shop}'")
        failure.message.contains('pg_dump exited')
        Files.list(dir).withCloseable { it.toList() } == []
    }

    def "the server stopped inside db.transaction: the closure's failure is passed on and nothing is committed"() {
        given:
        String shop = PgFixtures.freshShop(server, 'stoptx')
        def db = pg.connect(server.url(shop))

        when:
        db.transaction { tx ->
            tx.execute('DELETE FROM orders')
            server.stopImmediate()
            tx.execute('DELETE FROM customers')
        }

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("pg: transaction on postgresql://postgres@127.0.0.1:${server.port}/${shop} failed")
        ctx.calls.last().committed == false

        when:
        server.startAgain()

        then:
        server.psql(shop, 'SELECT count(*) FROM orders').trim() == '120'
        server.psql(shop, 'SELECT count(*) FROM customers').trim() == '20'
    }

    /** The spec's own session holds an exclusive lock on table gate, so a call that touches it waits there. */
    private void holdGate(String shop) {
        server.psql(shop, 'CREATE TABLE gate (x int)')
        Properties p = new Properties()
        p.user = PgServer.USER
        p.password = PgServer.PASSWORD
        lock = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:${server.port}/${shop}", p)
        lock.autoCommit = false
        lock.createStatement().execute('LOCK TABLE gate IN ACCESS EXCLUSIVE MODE')
    }

    private void awaitWaiting(String shop, String application) {
        String q = "SELECT count(*) FROM pg_stat_activity WHERE datname = '${shop}' AND application_name = '${application}' AND wait_event_type = 'Lock'"
        while (server.psql('postgres', q).trim() == '0') Thread.sleep(50)
    }
}
