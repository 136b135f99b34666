package dev.runbook.integrations.supabase

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.PgTestContext
import dev.runbook.integrations.testing.StubCli
import spock.lang.Specification

class SupabaseSpec extends Specification {
    /** `supabase migration list` as the CLI renders it without a terminal (no JSON mode exists). */
    static final String LIST = '''
  
        LOCAL      │     REMOTE     │     TIME (UTC)
  ─────────────────┼────────────────┼──────────────────────
    20250127120000 │ 20250127120000 │ 2025-01-27 12:00:00
    20250127121000 │ 20250127121000 │ 2025-01-27 12:10:00
    20250527102050 │                │ 2025-05-27 10:20:50
                   │ 20250527110000 │ 2025-05-27 11:00:00

'''

    StubCli stub = new StubCli().install('supabase', [migration: [out: LIST, err: 'Connecting to remote database...\n']])
    PgTestContext ctx = new PgTestContext(stub.env())
    def supabase = new SupabaseProvider().create(ctx)

    def cleanup() {
        stub.delete()
    }

    def "migrations are read from the CLI's table, with which side each version is on"() {
        when:
        def migrations = supabase.migrations(linked: true)

        then:
        stub.calls('supabase') == [['migration', 'list', '--linked']]
        migrations*.version == ['20250127120000', '20250127121000', '20250527102050', '20250527110000']
        migrations*.status == ['applied', 'applied', 'pending', 'remote only']
        migrations[2].local == '20250527102050'
        migrations[2].remote == null
        migrations[3].time == '2025-05-27 11:00:00'
        with(ctx.calls.last()) {
            integration == 'supabase'
            action == 'migrations'
            target == 'linked project'
            outcome == 'ok'
            pending == 1L
        }
    }

    def "a database URL is passed on, and its password never reaches the journal"() {
        when:
        supabase.migrations(dbUrl: 'postgresql://postgres:db-pw-789@db.example.com:5432/postgres')

        then:
        stub.calls('supabase') == [['migration', 'list', '--db-url', 'postgresql://postgres:db-pw-789@db.example.com:5432/postgres']]
        ctx.calls.last().target == 'postgresql://postgres:****@db.example.com:5432/postgres'
        ctx.calls.last().command == 'supabase migration list --db-url postgresql://postgres:****@db.example.com:5432/postgres'
        !ctx.events.toString().contains('db-pw-789')
    }

    def "a CLI failure fails the step with its last words"() {
        given:
        stub.install('supabase', [migration: [err: 'Cannot find project ref. Have you run supabase link?\n', exit: 1]])

        when:
        supabase.migrations(local: true)

        then:
        def e = thrown(StepFailure)
        e.message == 'supabase: listing migrations on local database failed: supabase migration list exited 1: ' +
                'Cannot find project ref. Have you run supabase link?'
        stub.calls('supabase') == [['migration', 'list', '--local']]
    }
}
