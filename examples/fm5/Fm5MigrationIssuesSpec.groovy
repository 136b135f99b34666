import dev.runbook.testing.RunbookSpecification

/** migration-issues.groovy: measure, propose forward or back, the operator decides, backup, act, verify. */
class Fm5MigrationIssuesSpec extends RunbookSpecification {
    static final String HEALTH = 'https://api.fm5.app/health'

    List<String> applied = ['20261120080000', '20261126091500']
    long newRows = 0
    List<List> executed = []

    def setup() {
        load 'migration-issues.groovy'
        env.DATABASE_URL = 'postgresql://fm5:n3on-pw@ep-cool.eu-central-1.aws.neon.tech/fm5'
        approver 'yuki', role: 'lead'
        pg.on('connect.migrations.applied') { applied }
        pg.on('connect.count') { newRows }
        pg.on('dump') { call -> [file: call.named.to] }
        pg.on('connect.migrations.rollbackTo') { call -> [rolledBack: ['20261126091500'], to: call.args[0]] }
        // db.transaction runs its closure against a transaction that records what it was asked to execute
        pg.on('connect.transaction') { call -> call.args[0].call([execute: { Object[] a -> executed << a.toList(); 1 }]) }
        http.get(HEALTH) >> [status: 200, json: [db: 'ok']]
    }

    def "a migration nothing has written to yet is proposed for rollback, and rolled back"() {
        when:
        def result = run(broken: '20261126091500', newTable: 'order_events')

        then:
        result.succeeded
        result.step('Measure').value == 'back'
        called ~/rollbackTo\(dir: 'db\/rollbacks', '20261120080000'\)/
        notified slack: ~/rolled back; health passes/
        notifications.every { !it.text.contains('n3on-pw') }
    }

    def "rows already in the new table make the proposal a roll forward, which needs the fix file"() {
        given:
        newRows = 1312

        when:
        def result = run(broken: '20261126091500', newTable: 'order_events')

        then:
        result.failed
        result.step('Measure').value == 'forward'
        result.failedStep == 'Decide'
        result.failure.contains('-p fix=')
        notCalled ~/dump|rollbackTo|execute/
    }

    def "rolling forward applies the fix migration and records it"() {
        given:
        newRows = 1312
        def fix = new File(File.createTempDir(), '20261126103000_fix_order_events.sql')
        fix.text = 'ALTER TABLE order_events ALTER COLUMN payload DROP NOT NULL;'

        when:
        def result = run(broken: '20261126091500', newTable: 'order_events', decision: 'forward', fix: fix.path)

        then: 'the fix and its row, in one transaction'
        result.succeeded
        executed == [['ALTER TABLE order_events ALTER COLUMN payload DROP NOT NULL;'],
                     ['INSERT INTO schema_migrations (version) VALUES (?)', ['20261126103000']]]
        notCalled ~/rollbackTo/
    }

    def "a fix file without its version in the name is refused before anything is applied (issue 19, defect 11)"() {
        given:
        newRows = 1312
        def fix = new File(File.createTempDir(), 'fix_order_events.sql')
        fix.text = 'ALTER TABLE order_events ALTER COLUMN payload DROP NOT NULL;'

        when:
        def result = run(broken: '20261126091500', newTable: 'order_events', decision: 'forward', fix: fix.path)

        then:
        result.failed
        result.failedStep == 'Roll forward'
        result.failure.contains('does not start with its 14-digit version: nothing was applied')
        executed == []
        notCalled ~/transaction|execute/
    }

    def "the backup is of the database DATABASE_URL names (issue 19, defect 11)"() {
        when:
        def result = run(broken: '20261126091500', newTable: 'order_events')

        then:
        result.succeeded
        called ~/pg.dump\(url: '.*', to: '.*fm5-before-migration-fix.dump'\)/
        notCalled ~/pg.dump\('fm5'/
    }

    def "a migration that is not applied leaves nothing to decide"() {
        when:
        def result = run(broken: '20261125000000')

        then:
        result.failed
        result.failedStep == 'Measure'
        result.approvalsAsked == []
    }

    def "a rollback that fails reports the backup taken first"() {
        given:
        pg.fail('connect.migrations.rollbackTo', 'rollback of migrations to 20261120080000 refused: missing db/rollbacks/rollback_20261126091500.sql — nothing was run')

        when:
        def result = run(broken: '20261126091500')

        then:
        result.failed
        notified slack: ~/FAILED at 'Roll back'.*Backup taken first: .*fm5-before-migration-fix.dump/
    }
}
