package dev.runbook.integrations.pg

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.PgServer
import dev.runbook.integrations.testing.PgTestContext
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.GZIPInputStream

@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgBackupSpec extends Specification {
    @Shared PgServer server
    PgTestContext ctx
    def pg
    Path dir = Files.createTempDirectory('pg-backups')

    def setupSpec() {
        server = PgServer.get()
    }

    def setup() {
        ctx = new PgTestContext(server.env())
        pg = new PgProvider().create(ctx)
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    def "a custom-format dump restores into a new database with the same row counts"() {
        given:
        String shop = PgFixtures.freshShop(server)
        String copy = shop + '_copy'

        when:
        def dump = pg.dump(shop, to: dir.resolve('shop.dump'))
        pg.createDatabase(copy)
        def restored = pg.restore(copy, from: dump.file)

        then:
        dump.format == 'custom'
        dump.bytes == Files.size(dir.resolve('shop.dump'))
        new String(Files.readAllBytes(dump.file), 0, 5, 'US-ASCII') == 'PGDMP'
        restored.format == 'custom'
        !restored.gzipped
        counts(copy) == counts(shop)
        counts(copy) == [customers: 20L, orders: 120L]
        ctx.calls*.action == ['dump', 'createDatabase', 'restore']
        ctx.calls*.outcome == ['ok', 'ok', 'ok']
        ctx.calls[0].target == "postgresql://postgres@127.0.0.1:${server.port}/${shop}"
        !ctx.events.toString().contains(PgServer.PASSWORD)
    }

    def "a gzipped plain SQL dump restores with clean: true over a database that has drifted"() {
        given: 'a backup in the seeds layout, then damage done after it'
        String shop = PgFixtures.freshShop(server)
        Path backup = dir.resolve('backups/2024/05/17/shop_20240517T0300Z.sql.gz')
        def dump = pg.dump(shop, to: backup)
        server.psql(shop, 'DELETE FROM orders WHERE id > 100; CREATE TABLE junk (x int); UPDATE customers SET name = NULL::text || \'x\' WHERE false')

        when:
        def restored = pg.restore(shop, from: backup, clean: true)

        then:
        dump.format == 'plain'
        dump.gzipped
        new GZIPInputStream(Files.newInputStream(backup)).withCloseable { it.text }.contains('CREATE TABLE public.orders')
        restored.format == 'plain'
        restored.gzipped
        counts(shop) == [customers: 20L, orders: 120L]
        and: 'clean: dropped what the backup recreates, not a table it does not contain (issue 19, defect 1)'
        server.psql(shop, "SELECT count(*) FROM pg_tables WHERE tablename = 'junk'").trim() == '1'
    }

    def "a restore that hits an error changes nothing and says which tool failed"() {
        given:
        String shop = PgFixtures.freshShop(server)
        Path bad = dir.resolve('bad.sql')
        Files.writeString(bad, 'DELETE FROM orders;\nINSERT INTO no_such_table VALUES (1);\n')

        when:
        pg.restore(shop, from: bad)

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("pg: restore of database '${shop}' from ${bad} on postgresql://postgres@127.0.0.1:${server.port}/${shop} failed: psql exited 3")
        e.message.contains('relation "no_such_table" does not exist')
        e.message.contains('nothing was restored')
        counts(shop).orders == 120L
        ctx.calls.last().outcome == 'failed'
    }

    def "restoring a backup that is not there fails before running anything, even in a dry run"() {
        given:
        ctx.dry = true

        when:
        pg.restore('shop', from: dir.resolve('missing.sql.gz'))

        then:
        def e = thrown(StepFailure)
        e.message.contains('no such file')
        e.message.contains('missing.sql.gz')
    }

    def "a failed dump leaves no file behind"() {
        when:
        pg.dump('no_such_database', to: dir.resolve('x.dump'))

        then:
        def e = thrown(StepFailure)
        e.message.contains("pg: dump of database 'no_such_database'")
        e.message.contains('pg_dump exited 1')
        e.message.contains('database "no_such_database" does not exist')
        Files.list(dir).withCloseable { it.toList() } == []
    }

    def "in a dry run dump and restore do nothing and are journaled as dry-run"() {
        given:
        String shop = PgFixtures.freshShop(server)
        Path backup = dir.resolve('shop.dump')
        pg.dump(shop, to: backup)
        server.psql(shop, 'DELETE FROM orders')
        ctx.dry = true

        when:
        def dump = pg.dump(shop, to: dir.resolve('other.dump'))
        def restore = pg.restore(shop, from: backup, clean: true)

        then:
        dump.dryRun
        restore.dryRun
        restore.format == 'custom'
        !Files.exists(dir.resolve('other.dump'))
        counts(shop).orders == 0L
        ctx.calls*.outcome == ['ok', 'dry-run', 'dry-run']
    }

    def "dump needs to: and says how to write it"() {
        when:
        pg.dump('shop', format: 'custom')

        then:
        def e = thrown(StepFailure)
        e.message.startsWith('pg.dump needs to: — write for instance pg.dump(\'shop\', to: ')
    }

    /** Row counts read outside the context under test, so they do not show up in its journal. */
    private Map<String, Long> counts(String db) {
        def d = new PgProvider().create(new PgTestContext()).connect(server.url(db))
        [customers: d.count('customers'), orders: d.count('orders')]
    }
}
