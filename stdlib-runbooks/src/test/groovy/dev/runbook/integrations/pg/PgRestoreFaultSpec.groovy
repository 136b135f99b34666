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
 * Restores from damaged backups and restores broken off half-way, on a real server (issue 19, defect 1 and the
 * fault suite). Each one fails the call, and the database is as it was: its rows, a table the backup does not
 * contain, its constraints.
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang is a failure, not a stuck build; nothing waits on time below
class PgRestoreFaultSpec extends Specification {
    @Shared PgServer server
    PgTestContext ctx
    def pg
    Path dir = Files.createTempDirectory('pg-faults')
    List<Connection> held = []

    def setupSpec() {
        server = PgServer.get()
    }

    def setup() {
        ctx = new PgTestContext(server.env())
        pg = new PgProvider().create(ctx)
    }

    def cleanup() {
        held*.close()
        dir.toFile().deleteDir()
    }

    /** A shop, its backup, then the drift a restore is meant to undo: 20 orders gone and a table the backup lacks. */
    private String driftedShop(Path backup) {
        String shop = PgFixtures.freshShop(server, 'fault')
        pg.dump(shop, to: backup)
        server.psql(shop, 'DELETE FROM orders WHERE id > 100; CREATE TABLE keep_me (x int); INSERT INTO keep_me VALUES (7)')
        shop
    }

    private void asItWas(String shop) {
        assert count(shop, 'orders') == '100'
        assert count(shop, 'customers') == '20'
        assert count(shop, 'keep_me') == '1'
        assert server.psql(shop, "SELECT count(*) FROM pg_constraint WHERE conname = 'customers_pkey'").trim() == '1'
    }

    def "a truncated .sql.gz fails the restore and changes nothing (the seeds' case: it used to commit a third)"() {
        given:
        Path backup = dir.resolve('shop.sql.gz')
        String shop = driftedShop(backup)
        cut(backup, 0.6)

        when:
        pg.restore(shop, from: backup, clean: true)

        then:
        def e = thrown(StepFailure)
        e.message.contains('the backup is not whole')
        e.message.contains('gzip data is cut short or corrupt')
        e.message.contains('nothing was run')
        ctx.calls.last().outcome == 'failed'
        asItWas(shop)
    }

    def "a corrupt .sql.gz fails the restore and changes nothing"() {
        given:
        Path backup = dir.resolve('shop.sql.gz')
        String shop = driftedShop(backup)
        corrupt(backup)

        when:
        pg.restore(shop, from: backup, clean: true)

        then:
        thrown(StepFailure)
        asItWas(shop)
    }

    def "a plain .sql dump cut short (no gzip to notice) is refused: it lacks pg_dump's 'dump complete' line"() {
        given:
        Path backup = dir.resolve('shop.sql')
        String shop = driftedShop(backup)
        cut(backup, 0.7)

        when:
        pg.restore(shop, from: backup, clean: true)

        then:
        def e = thrown(StepFailure)
        e.message.contains("ends without pg_dump's '-- PostgreSQL database dump complete' line")
        asItWas(shop)
    }

    def "a truncated custom archive fails the restore and changes nothing"() {
        given:
        Path backup = dir.resolve('shop.dump')
        String shop = driftedShop(backup)
        cut(backup, 0.8)

        when:
        pg.restore(shop, from: backup, clean: true)

        then:
        thrown(StepFailure)
        asItWas(shop)
    }

    def "a corrupt custom archive fails the restore and changes nothing"() {
        given:
        Path backup = dir.resolve('shop.dump')
        String shop = driftedShop(backup)
        corrupt(backup)

        when:
        pg.restore(shop, from: backup, clean: true)

        then:
        thrown(StepFailure)
        asItWas(shop)
    }

    def "a truncated gzipped custom archive fails the restore and changes nothing"() {
        given:
        Path plain = dir.resolve('shop.dump')
        String shop = driftedShop(plain)
        Path backup = dir.resolve('shop.dump.gz')
        new java.util.zip.GZIPOutputStream(Files.newOutputStream(backup)).withCloseable { it.write(Files.readAllBytes(plain)) }
        cut(backup, 0.5)

        when:
        pg.restore(shop, from: backup, clean: true)

        then:
        thrown(StepFailure)
        asItWas(shop)
    }

    def "clean: on a plain dump drops only what the backup recreates"() {
        given:
        Path backup = dir.resolve('shop.sql.gz')
        String shop = driftedShop(backup)

        when:
        def r = pg.restore(shop, from: backup, clean: true)

        then:
        r.format == 'plain'
        count(shop, 'orders') == '120'
        count(shop, 'keep_me') == '1'
    }

    def "clean: refuses to drop a table another object outside the backup depends on, and changes nothing"() {
        given:
        Path backup = dir.resolve('shop.sql.gz')
        String shop = driftedShop(backup)
        server.psql(shop, 'CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100')

        when:
        pg.restore(shop, from: backup, clean: true)

        then:
        def e = thrown(StepFailure)
        e.message.contains('view big_orders depends on table orders')
        e.message.contains('nothing was restored')
        asItWas(shop)
        count(shop, 'big_orders') != ''
    }

    def "verifyBackup tells whole backups from damaged ones without touching a database"() {
        given:
        String shop = PgFixtures.freshShop(server, 'verify')
        Map<String, Path> files = [custom: dir.resolve('a.dump'), plainGz: dir.resolve('a.sql.gz'), plain: dir.resolve('a.sql')]
        files.each { k, f -> pg.dump(shop, to: f) }
        Path cutGz = copy(files.plainGz, 'cut.sql.gz'); cut(cutGz, 0.5)
        Path cutSql = copy(files.plain, 'cut.sql'); cut(cutSql, 0.5)
        Path cutDump = copy(files.custom, 'cut.dump'); cut(cutDump, 0.8)
        Path badDump = copy(files.custom, 'bad.dump'); corrupt(badDump)

        expect:
        with(pg.verifyBackup(files.custom)) { ok && format == 'custom' && !gzipped && entries > 3 && problem == null && bytes == Files.size(files.custom) }
        with(pg.verifyBackup(files.plainGz)) { ok && format == 'plain' && gzipped && entries >= 3 }
        with(pg.verifyBackup(files.plain)) { ok && format == 'plain' && !gzipped }
        with(pg.verifyBackup(cutGz)) { !ok && problem.contains('gzip data is cut short or corrupt') }
        with(pg.verifyBackup(cutSql)) { !ok && problem.contains('dump complete') }
        with(pg.verifyBackup(cutDump)) { !ok && format == 'custom' && problem.startsWith('pg_restore cannot read') }
        with(pg.verifyBackup(badDump)) { !ok && problem.startsWith('pg_restore cannot read') }
        with(pg.verifyBackup(dir.resolve('none.dump'))) { !ok && problem.startsWith('no such file') }
    }

    def "a restore whose connection is terminated from another session fails and changes nothing"() {
        given: 'a restore that deletes every order, then waits on a lock the spec holds'
        String shop = PgFixtures.freshShop(server, 'term')
        Path sql = blockingRestore(shop)
        def call = async { pg.restore(shop, from: sql) }
        int pid = awaitRestoreWaiting(shop)

        when:
        server.psql('postgres', "SELECT pg_terminate_backend(${pid})")
        Throwable failure = call.join()

        then:
        failure instanceof StepFailure
        failure.message.contains('psql exited 2')
        failure.message.contains('nothing was restored')
        count(shop, 'orders') == '120'
    }

    def "Ctrl-C (a thread interrupt) during a restore kills psql before it can commit: nothing changes"() {
        given:
        String shop = PgFixtures.freshShop(server, 'intr')
        Path sql = blockingRestore(shop)
        def call = async { pg.restore(shop, from: sql) }
        awaitRestoreWaiting(shop)

        when:
        call.thread.interrupt()
        Throwable failure = call.join()
        held[0].commit() // the lock is released: the server's session goes on, and finds its client gone
        awaitNoRestoreSession(shop)

        then:
        failure instanceof StepFailure
        failure.message.contains('was interrupted')
        ProcessHandle.current().descendants().noneMatch { it.info().command().orElse('').endsWith('/psql') }
        count(shop, 'orders') == '120'
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    /** SQL that deletes the orders and then blocks on a lock this spec holds until it says otherwise. */
    private Path blockingRestore(String shop) {
        server.psql(shop, 'CREATE TABLE gate (x int)')
        Connection lock = session(shop)
        lock.autoCommit = false
        lock.createStatement().execute('LOCK TABLE gate IN ACCESS EXCLUSIVE MODE')
        held << lock
        Path sql = dir.resolve('blocking.sql')
        Files.writeString(sql, 'DELETE FROM orders;\nLOCK TABLE gate IN ACCESS EXCLUSIVE MODE;\nINSERT INTO orders (customer_id, total) VALUES (1, 1);\n')
        sql
    }

    /** Waits for the event (the restore's session waiting on the lock), however long a loaded machine takes. */
    private int awaitRestoreWaiting(String shop) {
        String q = "SELECT pid FROM pg_stat_activity WHERE datname = '${shop}' AND application_name = 'psql' AND wait_event_type = 'Lock'"
        String pid = ''
        while (!(pid = server.psql('postgres', q).trim())) Thread.sleep(50)
        pid as int
    }

    private void awaitNoRestoreSession(String shop) {
        String q = "SELECT count(*) FROM pg_stat_activity WHERE datname = '${shop}' AND application_name = 'psql'"
        while (server.psql('postgres', q).trim() != '0') Thread.sleep(50)
    }

    private static Async async(Closure body) {
        new Async(body)
    }

    /** A call on its own thread, as the engine runs a step; join() hands back what it threw. */
    static final class Async {
        final Thread thread
        volatile Throwable failure

        Async(Closure body) {
            thread = Thread.start {
                try {
                    body()
                } catch (Throwable t) {
                    failure = t
                }
            }
        }

        Throwable join() {
            thread.join()
            failure
        }
    }

    private Connection session(String db) {
        Properties p = new Properties()
        p.user = PgServer.USER
        p.password = PgServer.PASSWORD
        new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:${server.port}/${db}", p)
    }

    private String count(String db, String table) {
        server.psql(db, "SELECT count(*) FROM pg_class WHERE relname = '${table}'").trim() == '0' ? '' :
                server.psql(db, "SELECT count(*) FROM ${table}").trim()
    }

    private Path copy(Path from, String name) {
        Files.copy(from, dir.resolve(name))
    }

    static void cut(Path file, double keep) {
        byte[] all = Files.readAllBytes(file)
        Files.write(file, Arrays.copyOf(all, (int) (all.length * keep)))
    }

    /** 64 bytes of garbage in the middle of the file, where the data is. */
    static void corrupt(Path file) {
        byte[] all = Files.readAllBytes(file)
        int at = (int) (all.length * 0.6)
        for (int i = at; i < Math.min(all.length, at + 64); i++) all[i] = (byte) (all[i] ^ 0x5a)
        Files.write(file, all)
    }
}
