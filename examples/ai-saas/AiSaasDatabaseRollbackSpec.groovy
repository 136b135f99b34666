import dev.runbook.testing.RunbookSpecification

/** database-rollback.groovy: migration rollback, restore from an S3 backup, RDS point-in-time restore. */
class AiSaasDatabaseRollbackSpec extends RunbookSpecification {
    static final String HEALTH = 'https://api.example-ai.com/health/db'
    static final String RESTORED = 'ai-prod-pitr-x.c9abc.eu-west-1.rds.amazonaws.com'

    String schema = '20261125101500'

    def setup() {
        load 'database-rollback.groovy'
        approver 'ravi', role: 'lead'
        operatorAnswers confirm: 'DATABASE'
        http.get(HEALTH) >> [status: 200]
        pg.on('connect.migrations.current') { schema }
        pg.on('connect.migrations.rollbackTo') { call ->
            def from = schema
            schema = call.args[0]
            [from: from, to: call.args[0], rolledBack: ['20261125101500', '20261122080000']]
        }
        s3.on('latest') { [key: 'postgres/ai/ai_20261126T090000Z.sql.gz', uri: 's3://example-ai-backups/postgres/ai/ai_20261126T090000Z.sql.gz', time: '2026-11-26T09:00:00Z'] }
        s3.on('download') { [file: '/runs/r/ai_20261126T090000Z.sql.gz'] }
        k8s.on('deployment.scale') { call -> [before: call.args[0] == 0 ? '4' : '0', after: String.valueOf(call.args[0])] }
        k8s.on('deployment.status') { [done: true] }
        pg.on('dump') { call -> [file: call.named.to] }
        pg.on('connect.count') { 1000 }
        def host = RESTORED
        shell.on(~/aws rds restore-db-instance-to-point-in-time/)
        shell.on(~/aws rds wait db-instance-available/)
        shell.on(~/aws rds describe-db-instances/) { stdout host }
        shell.on(~/kubectl -n prod get configmap ai-api-db/) { stdout 'ai-prod.c9abc.eu-west-1.rds.amazonaws.com' }
        shell.on(~/kubectl -n prod patch configmap ai-api-db/)
    }

    def "migration: undoes the newer migrations and checks the schema version"() {
        when:
        def result = run(scenario: 'migration', toMigration: '20261118093000')

        then:
        result.succeeded
        called ~/migrations\(\).rollbackTo\(dir: 'db\/rollbacks', '20261118093000'\)/
        result.statuses['Find the backup'] == 'skipped'
        result.statuses['Restore a new instance to the point in time'] == 'skipped'
        notCalled ~/scale|restore\(|dump/
        notified slack: ~/schema rolled back to 20261118093000 \(was 20261125101500\)/
    }

    def "migration: a missing rollback file refuses the rollback and pages"() {
        given:
        pg.fail('connect.migrations.rollbackTo', 'rollback of migrations to 20261118093000 refused: missing db/rollbacks/rollback_20261122080000.sql — nothing was run')

        when:
        def result = run(scenario: 'migration', toMigration: '20261118093000')

        then:
        result.failed
        result.failedStep == 'Roll the migrations back'
        notified pagerduty: ~/failed at Roll the migrations back/
        notified slack: ~/missing db\/rollbacks\/rollback_20261122080000.sql/
    }

    def "backup: scales the API to zero, saves the current state, restores the backup and scales back"() {
        when:
        def result = run(scenario: 'backup', incidentStart: '2026-11-26T09:40:00Z')

        then:
        result.succeeded
        called ~/s3.latest\(prefix: 'postgres\/ai\/', before: '2026-11-26T09:40:00Z', 'example-ai-backups'\)/
        def order = calls.all*.text.findIndexValues { it =~ /scale\(0\)|pg.dump|pg.restore|scale\(4\)/ }
        order.size() == 4
        calls.all[order[0]].text.contains('scale(0)')
        calls.all[order[1]].text.contains('pg.dump')
        calls.all[order[2]].text.contains("pg.restore(from: '/runs/r/ai_20261126T090000Z.sql.gz', clean: true, 'ai')")
        calls.all[order[3]].text.contains('scale(4)')
        notified slack: ~/restored from postgres\/ai\/ai_20261126T090000Z.sql.gz/
    }

    def "backup: a restore that fails puts the saved state back and says the API is still at zero"() {
        given:
        pg.fail('restore', times: 1, "restore of 'ai' failed: pg_restore: error: could not execute query: ERROR: out of shared memory")

        when:
        def result = run(scenario: 'backup', incidentStart: '2026-11-26T09:40:00Z')

        then:
        result.failed
        result.handlers == ["onFailure of 'Restore the backup'", 'onFailure']
        called ~/pg.restore\(from: '.*ai-before-restore.dump', clean: true, 'ai'\)/
        notCalled ~/scale\(4\)/
    }

    def "pitr: restores a new instance to the second before the incident, checks it, and points the API at it"() {
        when:
        def result = run(scenario: 'pitr', incidentStart: '2026-11-26T09:40:00Z')

        then:
        result.succeeded
        ran ~/aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier ai-prod --target-db-instance-identifier ai-prod-pitr-\d+ --restore-time 2026-11-26T09:39:59Z/
        called ~/pg.connect\(host: 'ai-prod-pitr-x.c9abc.eu-west-1.rds.amazonaws.com', database: 'ai'\).check/
        ran ~/patch configmap ai-api-db .*"DB_HOST":"ai-prod-pitr-x.c9abc.eu-west-1.rds.amazonaws.com"/
        called ~/deployment\(ns: 'prod', 'ai-api'\).restart\(\)/
        notified slack: ~/restored to 2026-11-26T09:40:00Z on ai-prod-pitr-\d+; the old instance ai-prod is kept/
    }

    def "pitr: when the API does not come up on the restored instance, it is pointed back at the old one"() {
        given:
        k8s.fail('deployment.status', 'deployment prod/ai-api: not finished after 5m: 0 of 4 updated replicas ready')

        when:
        def result = run(scenario: 'pitr', incidentStart: '2026-11-26T09:40:00Z')

        then:
        result.failed
        result.failedStep == 'Point the API at the restored instance'
        result.handlers == ["onFailure of 'Point the API at the restored instance'", 'onFailure']
        ran ~/patch configmap ai-api-db .*"DB_HOST":"ai-prod.c9abc.eu-west-1.rds.amazonaws.com"/
    }

    def "a scenario without its input stops before anything is asked or changed"() {
        when:
        def result = run(scenario: 'pitr')

        then:
        result.failed
        result.failedStep == 'Check the inputs'
        result.failure.contains('-p incidentStart=')
        notCalled ~/./
    }

    def "an operator who does not type DATABASE changes nothing"() {
        given:
        operatorAnswers confirm: []

        when:
        def result = run(scenario: 'migration', toMigration: '20261118093000')

        then:
        result.aborted
        notCalled ~/rollbackTo/
    }
}
