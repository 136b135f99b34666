// VoxFlow, the three database rollback methods of the page, from the least to the most invasive:
//   migration     — undo the release's migrations with their rollback_<version>.sql files, in one transaction;
//   in-place      — stop the writers, save the current state, restore a backup over the live database;
//   recovery-swap — restore the backup into voxflow_recovery while production keeps running, verify it, then swap
//                   the names (voxflow → voxflow_broken_<run>, voxflow_recovery → voxflow): the writers stop only for
//                   the rename, and the broken database stays for the post-mortem.
//
//   ./runbook exec examples/voxflow/database-rollback.groovy -p method=recovery-swap -p backup=/backups/voxflow_20261126T0300Z.dump
//
// PGHOST, PGUSER, PGPASSWORD from the environment; the writers are the api and transcriber deployments.
runbook('voxflow-database-rollback') {
    title 'VoxFlow: roll the database back (migration, in-place restore, or recovery-database swap)'
    owner 'voxflow-oncall'
    tags 'voxflow', 'postgres', 'kubernetes'
    severity P1

    param 'method', required: true, choices: ['migration', 'in-place', 'recovery-swap'], description: 'see the comment at the top'
    param 'toMigration', default: '', pattern: ~/(\d{14})?/, description: 'migration: the version to go back to'
    param 'rollbacksDir', default: 'db/rollbacks', description: 'migration: the folder of rollback_<version>.sql files'
    param 'backup', default: '', pattern: ~/(\/\S+\.(dump|sql|sql\.gz))?/, description: 'in-place, recovery-swap: the backup file on this host'
    param 'database', default: 'voxflow', pattern: ~/[a-z_][a-z0-9_]*/
    param 'namespace', default: 'voxflow', pattern: ~/[a-z0-9-]+/
    param 'healthUrl', default: 'https://api.voxflow.io/health'

    health { http params.healthUrl, expect: 200, json: { it.db == 'ok' } }

    step('Check the inputs', timeout: 10.seconds) {
        if (params.method == 'migration' && !params.toMigration) fail 'method migration needs -p toMigration=<version>'
        if (params.method != 'migration' && !params.backup) fail "method ${params.method} needs -p backup=/path/to/the/backup"
        if (params.method != 'migration' && !new File(params.backup).file) fail "no backup file at ${params.backup}"
    }

    confirm 'DATABASE', prompt: 'changes the production database'
    requireApproval P1, reason: 'production database rollback', within: 30.minutes

    // ---- migration -----------------------------------------------------------------------------------------------

    step('Roll the migrations back', timeout: 10.minutes, when: { params.method == 'migration' }) {
        def r = pg.migrations(database: params.database).rollbackTo(params.toMigration, dir: params.rollbacksDir)
        log "undid ${r.rolledBack.join(', ')}; now at ${r.to}"
    }

    // ---- in-place and swap: the recovery copy is checked before production changes -------------------------------

    step('Restore into the recovery database', timeout: 1.hour, expected: 15.minutes, when: { params.method == 'recovery-swap' }) {
        pg.dropDatabase("${params.database}_recovery", ifExists: true)
        pg.createDatabase("${params.database}_recovery")
        pg.restore("${params.database}_recovery", from: params.backup)
    }

    step('Verify the recovery database', timeout: 5.minutes, when: { params.method == 'recovery-swap' }) {
        def db = pg.connect(database: "${params.database}_recovery")
        db.check('recovery copy') {
            expectZero 'transcripts without a recording', 'SELECT count(*) FROM transcripts t LEFT JOIN recordings r ON r.id = t.recording_id WHERE r.id IS NULL'
            expectZero 'workspaces without an owner', 'SELECT count(*) FROM workspaces w LEFT JOIN users u ON u.id = w.owner_id WHERE u.id IS NULL'
        }
        def users = db.count('users')
        if (users == 0) fail 'the recovery database has no users: the backup is empty or the wrong one'
        log "recovery copy: ${users} users, ${db.count('recordings')} recordings"
    }

    step('Stop the writers', timeout: 6.minutes, when: { params.method != 'migration' }, idempotent: true) {
        def before = ['api', 'transcriber'].collect { "${it}=${k8s.deployment(it, ns: params.namespace).scale(0).before}" }
        ['api', 'transcriber'].each { k8s.deployment(it, ns: params.namespace).status(wait: 5.minutes) }
        before.join(' ')     // the replicas to come back to
    }

    step('Save the current state', timeout: 30.minutes, when: { params.method == 'in-place' }) {
        pg.dump(params.database, to: "${workdir}/${params.database}-before-restore.dump").file.toString()
    }

    step('Restore in place', timeout: 1.hour, expected: 15.minutes, when: { params.method == 'in-place' }) {
        pg.restore(params.database, from: params.backup, clean: true)
        onFailure { failure ->
            pg.restore(params.database, from: steps['Save the current state'].value, clean: true)
            log "the restore failed: ${params.database} is back to its state before this run; the writers are still at 0"
        }
    }

    step('Swap the databases', timeout: 2.minutes, when: { params.method == 'recovery-swap' }) {
        def broken = "${params.database}_broken_${run.id.replaceAll(/[^0-9a-z]/, '_')}"
        // both renames in one transaction: production is never left without a database named voxflow
        pg.swapDatabases(params.database, "${params.database}_recovery", terminate: true)
        pg.renameDatabase("${params.database}_recovery", broken)
        log "${params.database} is now the recovery copy; the old one is kept as ${broken}"
        onFailure { failure ->
            log failure.message.contains('swap of databases')
                    ? "the swap did not happen (one transaction): ${params.database} is the old database, still serving"
                    : "the swap was done: ${params.database} is the recovery copy; the old one is still named ${params.database}_recovery"
        }
    }

    step('Start the writers', timeout: 6.minutes, when: { params.method != 'migration' }, idempotent: true) {
        def replicas = steps['Stop the writers'].value.tokenize(' ').collectEntries { it.tokenize('=') }
        replicas.each { name, n -> k8s.deployment(name, ns: params.namespace).scale(n as int) }
        replicas.keySet().each { k8s.deployment(it, ns: params.namespace).status(wait: 5.minutes) }
    }

    gate health(within: 5.minutes, every: 10.seconds)

    manual 'Open a workspace and play a recording from before the incident; upload a short clip and see it transcribed'

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#voxflow-incidents', text: "VoxFlow database rolled back (${params.method}" +
                (params.method == 'migration' ? " to ${params.toMigration})" : " from ${params.backup})") + '; health check passes.'
    }

    onFailure { failure ->
        def stopped = steps['Stop the writers']?.ok && !steps['Start the writers']?.ok
        notify slack: '#voxflow-incidents', text: "VoxFlow database rollback (${params.method}) FAILED at '${failure.step}': ${failure.message}" +
                (stopped ? '. api and transcriber are scaled to 0.' : '')
    }
}
