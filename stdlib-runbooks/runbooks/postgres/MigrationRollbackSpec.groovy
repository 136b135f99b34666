import dev.runbook.testing.RunbookSpecification

class MigrationRollbackSpec extends RunbookSpecification {
    static final Map PARAMS = [database: 'shop', toVersion: '20240110', dir: 'db/rollbacks']

    def setup() {
        load 'migration-rollback.groovy'
        approver 'lena', role: 'lead'
        pg.on('migrations.applied') { ['20231201', '20240110', '20240112', '20240115'] }
        pg.on('dump') { call -> [file: call.named.to] }
        pg.on('migrations.rollbackTo') { call -> [from: '20240115', to: call.args[0], rolledBack: ['20240115', '20240112']] }
        pg.on('migrations.current') { '20240110' }
        pg.on('connect.scalar') { 1 }
    }

    def "dumps the database, then undoes the newer migrations once a lead approves and the operator confirms compatibility"() {
        when:
        def result = run(PARAMS)

        then:
        result.succeeded
        result.logs.contains('to undo, newest first: 20240115, 20240112')
        called ~/pg\.dump\(to: '\/\S+\/shop-before-migration-rollback\.dump', 'shop'\)/
        called "pg.migrations(table: 'schema_migrations', database: 'shop').rollbackTo(dir: 'db/rollbacks', '20240110')"
        result.approvedBy == ['lena']
        calls.of('manual')*.text == ['The application version running now works with the older schema (deploy the matching release first if not) → confirmed']
        notified slack: '#incidents', text: ~/shop: migrations rolled back from 20240115 to 20240110; dump of before in \/\S+\.dump/
    }

    def "a version that is not applied is refused before any dump or change"() {
        when:
        def result = run(PARAMS + [toVersion: '20240111'])

        then:
        result.failed
        result.failure.contains('version 20240111 is not applied in schema_migrations (newest: 20231201, 20240110, 20240112, 20240115) — pick an applied version')
        notCalled ~/dump|rollbackTo/
        notified ~/FAILED at 'Read the applied migrations'.*the schema was not changed/
    }

    def "the current version has nothing to roll back"() {
        when:
        def result = run(PARAMS + [toVersion: '20240115'])

        then:
        result.failed
        result.failure.contains('shop is at version 20240115 already')
    }

    def "without an emergency dump nothing is rolled back"() {
        given:
        pg.fail('dump', 'pg: pg_dump of shop failed: permission denied for table audit_log')

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failedStep == 'Emergency backup'
        result.approvalsAsked == []
        notCalled ~/rollbackTo/
    }

    def "an operator who cannot vouch for the running application stops the run before the schema changes"() {
        given:
        operatorAnswers manual: false

        when:
        def result = run(PARAMS)

        then:
        result.aborted
        notCalled ~/rollbackTo/
        notified ~/the schema was not changed/
    }

    def "a rollback file that fails leaves the schema as it was, in one transaction"() {
        given:
        pg.fail('migrations.rollbackTo', 'pg: rollback of migrations to 20240110 failed in rollback_20240112.sql: column "sku" does not exist; nothing was changed')

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.handlers == ["onFailure of 'Roll back the migrations'", 'onFailure']
        result.logs.contains('the rollback ran in one transaction and was undone: shop is still at 20240115')
        notified ~/FAILED at 'Roll back the migrations'.*column "sku".*the schema was not changed/
    }

    def "a version table that does not show the target version after the rollback fails the run and says what it shows"() {
        given:
        pg.on('migrations.current') { '20240112' }

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failure.contains('schema_migrations says 20240112, expected 20240110')
        notified ~/the migrations were rolled back to 20240110; the state before is in \/\S+\.dump/
    }

    def "an application that stays unhealthy on the older schema fails the health gate"() {
        given:
        http.get('http://api.local/health') >> [status: 500]

        when:
        def result = run(PARAMS + [healthUrl: 'http://api.local/health'])

        then:
        result.failed
        result.gates == ['gate health': false]
    }
}
