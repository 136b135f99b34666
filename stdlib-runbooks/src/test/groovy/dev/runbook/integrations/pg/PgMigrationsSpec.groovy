package dev.runbook.integrations.pg

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.PgServer
import dev.runbook.integrations.testing.PgTestContext
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgMigrationsSpec extends Specification {
    @Shared PgServer server
    PgTestContext ctx
    def pg
    String db
    Path dir = Files.createTempDirectory('rollbacks')

    def setupSpec() {
        server = PgServer.get()
    }

    def setup() {
        ctx = new PgTestContext(server.env())
        pg = new PgProvider().create(ctx)
        db = PgFixtures.freshShop(server, 'migr')
        // three migrations applied on top of the shop schema; the version column is text, as Rails and Supabase keep it
        server.psql(db, '''
            CREATE TABLE schema_migrations (version varchar PRIMARY KEY);
            INSERT INTO schema_migrations VALUES ('20240101000000'), ('20240301000000'), ('20240501000000'), ('20240601000000');
            ALTER TABLE orders ADD COLUMN coupon text;
            CREATE TABLE refunds (id int);
            CREATE INDEX orders_coupon ON orders (coupon);
            CREATE TABLE undo_log (step text, at serial);
        ''')
        write('20240601000000', "DROP INDEX orders_coupon; INSERT INTO undo_log (step) VALUES ('0601');")
        write('20240501000000', "DROP TABLE refunds; INSERT INTO undo_log (step) VALUES ('0501');")
        write('20240301000000', "ALTER TABLE orders DROP COLUMN coupon; INSERT INTO undo_log (step) VALUES ('0301');")
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    def "current is the newest applied version"() {
        expect:
        pg.migrations(table: 'schema_migrations', database: db).current() == '20240601000000'
        pg.connect(server.url(db)).migrations().applied() == ['20240101000000', '20240301000000', '20240501000000', '20240601000000']
    }

    def "rollbackTo runs the rollback files newest first down to the target and removes their rows"() {
        given:
        def migrations = pg.migrations(database: db)

        when:
        def result = migrations.rollbackTo('20240101000000', dir: dir)

        then:
        result.from == '20240601000000'
        result.to == '20240101000000'
        result.rolledBack == ['20240601000000', '20240501000000', '20240301000000']
        !result.dryRun
        migrations.current() == '20240101000000'
        server.psql(db, 'SELECT step FROM undo_log ORDER BY at').readLines() == ['0601', '0501', '0301']
        server.psql(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'coupon'").trim() == '0'
        with(ctx.calls.find { it.action == 'migrations.rollback' }) {
            outcome == 'ok'
            versions == ['20240601000000', '20240501000000', '20240301000000']
            to == '20240101000000'
        }
    }

    def "a rollback file that fails undoes the whole rollback"() {
        given:
        write('20240501000000', 'DROP TABLE refunds; DROP TABLE no_such_table;')

        when:
        pg.migrations(database: db).rollbackTo('20240301000000', dir: dir)

        then:
        def e = thrown(StepFailure)
        e.message.contains("pg: rollback of migrations to 20240301000000 on postgresql://postgres@127.0.0.1:${server.port}/${db} failed: rollback_20240501000000.sql: ")
        e.message.contains('table "no_such_table" does not exist')
        e.message.contains('the transaction was rolled back: nothing changed')
        pg.migrations(database: db).current() == '20240601000000'
        server.psql(db, 'SELECT count(*) FROM undo_log').trim() == '0'
        server.psql(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'refunds'").trim() == '1'
    }

    def "nothing runs when a rollback file is missing or the target version is not applied"() {
        given:
        Files.delete(dir.resolve('rollback_20240501000000.sql'))

        when:
        pg.migrations(database: db).rollbackTo('20240301000000', dir: dir)

        then:
        def missing = thrown(StepFailure)
        missing.message.contains("missing ${dir.resolve('rollback_20240501000000.sql')}")
        missing.message.contains('nothing was run')
        server.psql(db, 'SELECT count(*) FROM undo_log').trim() == '0'

        when:
        pg.migrations(database: db).rollbackTo('2024030100000', dir: dir)

        then:
        def unknown = thrown(StepFailure)
        unknown.message.contains('version 2024030100000 is not applied in schema_migrations (applied: 20240101000000, 20240301000000, 20240501000000, 20240601000000)')
    }

    def "in a dry run rollbackTo lists what it would undo and changes nothing"() {
        given:
        ctx.dry = true

        when:
        def result = pg.migrations(database: db).rollbackTo('20240301000000', dir: dir)

        then:
        result.dryRun
        result.rolledBack == ['20240601000000', '20240501000000']
        ctx.calls.last().outcome == 'dry-run'
        server.psql(db, 'SELECT count(*) FROM schema_migrations').trim() == '4'
    }

    def "a rollback file with its own BEGIN/COMMIT is refused before anything runs, naming file and line (issue 19, defect 3)"() {
        given: 'the seeds\' case: the newest file commits on its own, the next one fails'
        server.psql(db, 'CREATE TABLE campaigns (id int)')
        write('20240601000000', "-- undo 0601\nBEGIN;\nDROP TABLE campaigns;\nCOMMIT;\n")
        write('20240501000000', 'DROP TABLE no_such_table;')

        when:
        pg.migrations(database: db).rollbackTo('20240301000000', dir: dir)

        then:
        def e = thrown(StepFailure)
        e.message.contains("${dir.resolve('rollback_20240601000000.sql')}:2: BEGIN")
        e.message.contains("${dir.resolve('rollback_20240601000000.sql')}:4: COMMIT")
        e.message.contains('before running anything')
        e.message.contains('transaction: false')
        !e.message.contains('nothing changed')
        and: 'nothing ran: the table is there and every version still recorded'
        server.psql(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'campaigns'").trim() == '1'
        server.psql(db, 'SELECT count(*) FROM schema_migrations').trim() == '4'
    }

    def "a statement that cannot run in a transaction is refused with its line; transaction: false runs it without the promise"() {
        given:
        write('20240601000000', "DROP INDEX CONCURRENTLY orders_coupon;\n")

        when:
        pg.migrations(database: db).rollbackTo('20240501000000', dir: dir)

        then:
        def e = thrown(StepFailure)
        e.message.contains("${dir.resolve('rollback_20240601000000.sql')}:1: DROP INDEX CONCURRENTLY orders_coupon — cannot run inside a transaction")
        server.psql(db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_coupon'").trim() == '1'

        when:
        def r = pg.migrations(database: db).rollbackTo('20240501000000', dir: dir, transaction: false)

        then:
        r.rolledBack == ['20240601000000']
        server.psql(db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_coupon'").trim() == '0'
    }

    def "a PL/pgSQL body's own BEGIN ... END is not transaction control"() {
        given:
        write('20240601000000', '''
            CREATE FUNCTION undo_marker() RETURNS void LANGUAGE plpgsql AS $body$
            BEGIN
              INSERT INTO undo_log (step) VALUES ('fn; END;');
            END;
            $body$;
            SELECT undo_marker(); -- BEGIN; in a comment
            DROP FUNCTION undo_marker();
            DROP INDEX orders_coupon;''')

        when:
        def r = pg.migrations(database: db).rollbackTo('20240501000000', dir: dir)

        then:
        r.rolledBack == ['20240601000000']
        server.psql(db, 'SELECT step FROM undo_log').trim() == 'fn; END;'
    }

    def "rollback files may be named <version>_<name>.rollback.sql, as the seeds name them"() {
        given:
        Files.delete(dir.resolve('rollback_20240601000000.sql'))
        Files.writeString(dir.resolve('20240601000000_add_coupon_index.rollback.sql'), "DROP INDEX orders_coupon; INSERT INTO undo_log (step) VALUES ('0601');")

        when:
        def r = pg.migrations(database: db).rollbackTo('20240501000000', dir: dir)

        then:
        r.rolledBack == ['20240601000000']
        server.psql(db, 'SELECT step FROM undo_log').trim() == '0601'
    }

    def "two rollback files for one version are refused, naming both"() {
        given:
        Files.writeString(dir.resolve('20240601000000_add_coupon_index.rollback.sql'), 'SELECT 1;')

        when:
        pg.migrations(database: db).rollbackTo('20240501000000', dir: dir)

        then:
        def e = thrown(StepFailure)
        e.message.contains('more than one rollback file for 20240601000000')
        e.message.contains('20240601000000_add_coupon_index.rollback.sql')
        server.psql(db, 'SELECT count(*) FROM schema_migrations').trim() == '4'
    }

    private void write(String version, String sql) {
        Files.writeString(dir.resolve("rollback_${version}.sql"), sql)
    }
}
