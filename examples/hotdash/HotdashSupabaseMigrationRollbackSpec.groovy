import dev.runbook.model.Severity
import dev.runbook.testing.RunbookSpecification

/** supabase-migration-rollback.groovy: a manager approves, the database is backed up, Supabase agrees after. */
class HotdashSupabaseMigrationRollbackSpec extends RunbookSpecification {
    static final String DB_URL = 'postgresql://postgres:s3cr3t-pw@db.abcd.supabase.co:5432/postgres'

    List<String> applied = ['20261101090000', '20261118120000', '20261124100000', '20261125150000']

    def setup() {
        load 'supabase-migration-rollback.groovy'
        env.SUPABASE_DB_URL = DB_URL
        approver 'alice', role: 'lead'
        approver 'dora', role: 'manager'
        supabase.on('migrations') { (applied + ['20261126080000']).collect { v -> [version: v, applied: v in applied, status: v in applied ? 'applied' : 'pending'] } }
        pg.on('dump') { call -> [file: call.named.to] }
        pg.on('connect.migrations.rollbackTo') { call ->
            def undone = applied.findAll { it > call.args[0] }.reverse()
            applied = applied - undone
            [from: undone[0], to: call.args[0], rolledBack: undone]
        }
    }

    def "undoes the newer migrations after a manager approves and a backup is taken, and checks Supabase agrees"() {
        when:
        def result = run(toVersion: '20261118120000')

        then:
        result.succeeded
        result.approvedBy == ['dora']
        called ~/pg.dump\(to: '.*hotdash-before-migration-rollback.dump', 'postgresql:\/\/postgres:s3cr3t-pw@db\.abcd\.supabase\.co:5432\/postgres'\)/
        called ~/migrations\(table: 'supabase_migrations.schema_migrations'\).rollbackTo\(dir: 'supabase\/rollbacks', '20261118120000'\)/
        applied.last() == '20261118120000'
        notified slack: ~/undid 20261124100000 20261125150000/
        notifications.every { !it.text.contains('s3cr3t-pw') }
    }

    def "in a P0 incident the manager's approval is waived like every approval, recorded and announced"() {
        given:
        severity = Severity.P0

        when:
        def result = run(toVersion: '20261118120000')

        then:
        result.succeeded
        result.approvedBy == []
        result.approvalsWaived == ['approval manager']
        notified slack: ~/approval waived \(P0\)/
    }

    def "a version that is not applied is refused with the ones that are"() {
        when:
        def result = run(toVersion: '20261120000000')

        then:
        result.failed
        result.failure.contains('20261120000000 is not applied')
        result.approvalsAsked == []
        notCalled ~/dump|rollbackTo/
    }

    def "a rollback file that is missing runs nothing and the team learns the backup is there"() {
        given:
        pg.fail('connect.migrations.rollbackTo', 'rollback of migrations to 20261118120000 refused: missing supabase/rollbacks/rollback_20261124100000.sql — nothing was run')

        when:
        def result = run(toVersion: '20261118120000')

        then:
        result.failed
        result.failedStep == 'Undo the migrations'
        notified slack: ~/missing supabase\/rollbacks\/rollback_20261124100000.sql.*The backup taken first: .*hotdash-before-migration-rollback.dump/
    }

    def "when Supabase still lists a newer migration, the run fails instead of claiming success"() {
        given:
        pg.on('connect.migrations.rollbackTo') { call -> [from: '20261125150000', to: call.args[0], rolledBack: ['20261125150000', '20261124100000']] }

        when:
        def result = run(toVersion: '20261118120000')

        then:
        result.failed
        result.failedStep == 'Supabase agrees'
        result.failure.contains('still lists 20261125150000')
    }
}
