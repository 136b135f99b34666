import dev.runbook.testing.RunbookSpecification

/** database-rollback.groovy: migration, in-place restore, and the recovery-database swap. */
class VoxflowDatabaseRollbackSpec extends RunbookSpecification {
    static final String HEALTH = 'https://api.voxflow.io/health'

    String backup
    List<String> databases = ['postgres', 'voxflow', 'voxflow_recovery']

    def setup() {
        load 'database-rollback.groovy'
        approver 'ines', role: 'lead'
        operatorAnswers confirm: 'DATABASE'
        def file = File.createTempFile('voxflow_20261126T0300Z', '.dump')
        file.deleteOnExit()
        backup = file.absolutePath
        http.get(HEALTH) >> [status: 200, json: [db: 'ok']]
        k8s.on('deployment.scale') { call -> [before: call.target == 'api' ? '3' : '2', after: String.valueOf(call.args[0])] }
        k8s.on('deployment.status') { [done: true] }
        pg.on('connect.count') { call -> call.args[0] == 'users' ? 5120 : 88000 }
        pg.on('dump') { call -> [file: call.named.to] }
        pg.on('connect.query') { databases.collect { [datname: it] } }
    }

    def "migration: undoes the release's migrations and leaves the writers alone"() {
        given:
        pg.on('migrations.rollbackTo') { call -> [from: '20261125120000', to: call.args[0], rolledBack: ['20261125120000', '20261122090000']] }

        when:
        def result = run(method: 'migration', toMigration: '20261120000000')

        then:
        result.succeeded
        called ~/pg.migrations\(database: 'voxflow'\).rollbackTo\(dir: 'db\/rollbacks', '20261120000000'\)/
        notCalled ~/scale|rename|restore/
        notified slack: ~/rolled back \(migration to 20261120000000\)/
    }

    def "recovery swap: restores and verifies a copy while production runs, then stops the writers only for the rename"() {
        when:
        def result = run(method: 'recovery-swap', backup: backup)

        then:
        result.succeeded
        def texts = calls.all*.text
        def at = { String what -> texts.findIndexOf { it.contains(what) } }
        at("pg.createDatabase('voxflow_recovery')") < at("pg.restore(from: '$backup', 'voxflow_recovery')")
        at("pg.restore(from: '$backup', 'voxflow_recovery')") < at(".check('recovery copy'")
        at(".check('recovery copy'") < at('scale(0)')
        at('scale(0)') < at("pg.swapDatabases(terminate: true, 'voxflow', 'voxflow_recovery')")
        at("pg.swapDatabases(terminate: true, 'voxflow', 'voxflow_recovery')") < at("pg.renameDatabase('voxflow_recovery', 'voxflow_broken_")
        at("pg.renameDatabase('voxflow_recovery', 'voxflow_broken_") < at('scale(3)')
        called ~/deployment\(ns: 'voxflow', 'transcriber'\).scale\(2\)/
        notCalled ~/pg.restore\(from: .*clean: true/
    }

    def "recovery swap: a recovery copy that fails verification never touches production"() {
        given:
        pg.on('connect.count') { 0 }

        when:
        def result = run(method: 'recovery-swap', backup: backup)

        then:
        result.failed
        result.failedStep == 'Verify the recovery database'
        result.failure.contains('has no users')
        notCalled ~/scale|rename|swap/
        notified slack: ~/FAILED at 'Verify the recovery database'/
        !notifications.any { it.text.contains('scaled to 0') }
    }

    def "recovery swap: a refused swap renames neither database, and says so"() {
        given:
        pg.on('swapDatabases') { throw new dev.runbook.engine.StepFailure("pg: swap of databases 'voxflow' and 'voxflow_recovery' failed: must be a superuser to terminate superuser process (one transaction: neither database was renamed)", dev.runbook.engine.StepFailure.Kind.ERROR) }

        when:
        def result = run(method: 'recovery-swap', backup: backup)

        then:
        result.failed
        result.failedStep == 'Swap the databases'
        result.handlers == ["onFailure of 'Swap the databases'", 'onFailure']
        notCalled ~/renameDatabase/
        result.logs.contains('the swap did not happen (one transaction): voxflow is the old database, still serving')
        notified slack: ~/FAILED at 'Swap the databases'.*api and transcriber are scaled to 0/
    }

    def "in place: stops the writers, saves the current state, restores over it and starts them again"() {
        when:
        def result = run(method: 'in-place', backup: backup)

        then:
        result.succeeded
        called ~/pg.dump\(to: '.*voxflow-before-restore.dump', 'voxflow'\)/
        called ~/pg.restore\(from: '$backup', clean: true, 'voxflow'\)/
        called ~/scale\(3\)/
    }

    def "in place: a failed restore puts the saved state back"() {
        given:
        pg.fail('restore', times: 1, "restore of 'voxflow' failed: pg_restore: error: input file appears to be a text format dump")

        when:
        def result = run(method: 'in-place', backup: backup)

        then:
        result.failed
        result.handlers == ["onFailure of 'Restore in place'", 'onFailure']
        called ~/pg.restore\(from: '.*voxflow-before-restore.dump', clean: true, 'voxflow'\)/
        notified slack: ~/scaled to 0/
    }

    def "a backup path that does not exist is refused before anything else"() {
        when:
        def result = run(method: 'in-place', backup: '/backups/nope.dump')

        then:
        result.failed
        result.failedStep == 'Check the inputs'
        notCalled ~/./
    }
}
