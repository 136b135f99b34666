// AI SaaS, the three database scenarios of the rollback page, one runbook with one path each:
//   migration — the release's schema migrations are undone with their rollback_<version>.sql files, in one transaction;
//   backup    — the API is scaled to zero, the current state saved, the newest S3 backup before the incident restored;
//   pitr      — RDS restores a new instance to the second before the incident; once checked, the API is pointed at it.
//
//   ./runbook exec examples/ai-saas/database-rollback.groovy -p scenario=migration -p toMigration=20261118093000
//   ./runbook exec examples/ai-saas/database-rollback.groovy -p scenario=backup -p incidentStart=2026-11-26T09:40:00Z
//   ./runbook exec examples/ai-saas/database-rollback.groovy -p scenario=pitr -p incidentStart=2026-11-26T09:40:00Z
//
// PG* variables name the production database; AWS credentials come from the environment or the instance role.
runbook('ai-saas-database-rollback') {
    title 'AI SaaS: roll the database back (migration rollback, restore from backup, point-in-time restore)'
    owner 'ai-platform'
    tags 'ai-saas', 'postgres', 'rds', 's3', 'kubernetes'
    severity P1

    param 'scenario', required: true, choices: ['migration', 'backup', 'pitr'], description: 'which of the three'
    param 'toMigration', default: '', pattern: ~/(\d{14})?/, description: 'migration: the version to go back to (it stays applied)'
    param 'rollbacksDir', default: 'db/rollbacks', description: 'migration: the folder of rollback_<version>.sql files'
    param 'incidentStart', default: '', pattern: ~/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)?/, description: 'backup, pitr: when the bad writes started (UTC)'
    param 'database', default: 'ai', pattern: ~/[a-z_][a-z0-9_]*/
    param 'bucket', default: 'example-ai-backups', description: 'backup: the S3 bucket'
    param 'dbInstance', default: 'ai-prod', pattern: ~/[a-z][a-z0-9-]*/, description: 'pitr: the RDS instance'
    param 'namespace', default: 'prod', pattern: ~/[a-z0-9-]+/
    param 'deployment', default: 'ai-api', pattern: ~/[a-z0-9-]+/, description: 'the API that writes to the database'
    param 'baseUrl', default: 'https://api.example-ai.com', pattern: ~/https?:\/\/\S+/

    health { http "${params.baseUrl}/health/db", expect: 200 }

    step('Check the inputs', timeout: 10.seconds) {
        if (params.scenario == 'migration' && !params.toMigration) fail 'scenario migration needs -p toMigration=<the version to go back to>'
        if (params.scenario != 'migration' && !params.incidentStart) fail "scenario ${params.scenario} needs -p incidentStart=<UTC time the bad writes started>"
    }

    step('Record the schema version', timeout: 30.seconds, idempotent: true) {
        pg.connect().migrations().current()
    }

    confirm 'DATABASE', prompt: 'changes the production database; the API may fail while it happens'
    requireApproval P1, reason: 'production database rollback', within: 30.minutes

    // ---- migration rollback --------------------------------------------------------------------------------------

    step('Roll the migrations back', timeout: 10.minutes, expected: 1.minute, when: { params.scenario == 'migration' }) {
        def r = pg.connect().migrations().rollbackTo(params.toMigration, dir: params.rollbacksDir)
        log "rolled back ${r.rolledBack.join(', ') ?: 'nothing'}: ${r.from} → ${r.to}"
        r.rolledBack.join(',')
    }

    step('Schema is at the target version', timeout: 30.seconds, when: { params.scenario == 'migration' }) {
        def now = pg.connect().migrations().current()
        if (now != params.toMigration) fail "the schema is at ${now}, not ${params.toMigration}"
    }

    // ---- restore from backup -------------------------------------------------------------------------------------

    step('Find the backup', timeout: 1.minute, when: { params.scenario == 'backup' }, idempotent: true) {
        def b = s3.latest(params.bucket, prefix: "postgres/${params.database}/", before: params.incidentStart)
        log "${b.uri}, taken ${b.time}: writes after that are lost"
        b.key
    }

    step('Stop the API', timeout: 6.minutes, when: { params.scenario == 'backup' }, idempotent: true) {
        def api = k8s.deployment(params.deployment, ns: params.namespace)
        def change = api.scale(0)
        api.status(wait: 5.minutes)
        change.before      // replicas to come back to
    }

    step('Save the current state', timeout: 30.minutes, expected: 5.minutes, when: { params.scenario == 'backup' }) {
        pg.dump(params.database, to: "${workdir}/${params.database}-before-restore.dump").file.toString()
    }

    step('Restore the backup', timeout: 1.hour, expected: 15.minutes, when: { params.scenario == 'backup' }) {
        def file = s3.download(params.bucket, steps['Find the backup'].value, to: workdir).file
        pg.restore(params.database, from: file, clean: true)
        onFailure { failure ->
            pg.restore(params.database, from: steps['Save the current state'].value, clean: true)
            log "the restore failed: ${params.database} is back to its state before this run; the API is still scaled to 0"
        }
    }

    step('Start the API', timeout: 6.minutes, when: { params.scenario == 'backup' }, idempotent: true) {
        def api = k8s.deployment(params.deployment, ns: params.namespace)
        api.scale(steps['Stop the API'].value as int)
        api.status(wait: 5.minutes)
    }

    // ---- point-in-time restore (RDS) -----------------------------------------------------------------------------

    step('Restore a new instance to the point in time', timeout: 5.minutes, when: { params.scenario == 'pitr' }) {
        def target = "${params.dbInstance}-pitr-${run.id.take(15).replaceAll(/[^0-9]/, '')}"
        def before = java.time.Instant.parse(params.incidentStart).minusSeconds(1)
        sh "aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier ${params.dbInstance} " +
           "--target-db-instance-identifier ${target} --restore-time ${before} --no-publicly-accessible"
        target
    }

    step('Wait for the new instance', timeout: 2.hours, expected: 30.minutes, when: { params.scenario == 'pitr' }, idempotent: true) {
        def target = steps['Restore a new instance to the point in time'].value
        sh "aws rds wait db-instance-available --db-instance-identifier ${target}"
        sh("aws rds describe-db-instances --db-instance-identifier ${target} --query 'DBInstances[0].Endpoint.Address' --output text", quiet: true).text
    }

    step('Check the restored instance', timeout: 5.minutes, when: { params.scenario == 'pitr' }) {
        def db = pg.connect(host: steps['Wait for the new instance'].value, database: params.database)
        db.check('restored to the point in time') {
            expectZero 'writes after the incident', "SELECT count(*) FROM conversations WHERE created_at >= '${params.incidentStart}'"
            expectZero 'messages without a conversation', 'SELECT count(*) FROM messages m LEFT JOIN conversations c ON c.id = m.conversation_id WHERE c.id IS NULL'
        }
        log "conversations: ${db.count('conversations')}, messages: ${db.count('messages')}"
    }

    step('Point the API at the restored instance', timeout: 8.minutes, when: { params.scenario == 'pitr' }) {
        def old = sh("kubectl -n ${params.namespace} get configmap ${params.deployment}-db -o jsonpath='{.data.DB_HOST}'", quiet: true).text
        new File(workdir, 'db-host-before.txt').text = old
        sh "kubectl -n ${params.namespace} patch configmap ${params.deployment}-db --type merge -p '{\"data\":{\"DB_HOST\":\"${steps['Wait for the new instance'].value}\"}}'"
        def api = k8s.deployment(params.deployment, ns: params.namespace)
        api.restart()
        api.status(wait: 5.minutes)
        onFailure { failure ->
            def old = new File(workdir, 'db-host-before.txt')
            if (old.exists()) {
                sh "kubectl -n ${params.namespace} patch configmap ${params.deployment}-db --type merge -p '{\"data\":{\"DB_HOST\":\"${old.text}\"}}'"
                k8s.deployment(params.deployment, ns: params.namespace).restart()
                log "the API points at ${old.text} again; the restored instance ${steps['Restore a new instance to the point in time'].value} is kept for inspection"
            }
        }
    }

    // ---- all scenarios -------------------------------------------------------------------------------------------

    gate health(within: 5.minutes, every: 10.seconds)

    manual 'Open a conversation from before the incident in the app: its messages are there and a new message is saved'

    step('Tell the team', timeout: 30.seconds) {
        def what = [migration: "schema rolled back to ${params.toMigration} (was ${steps['Record the schema version'].value})",
                    backup   : "restored from ${steps['Find the backup']?.value}",
                    pitr     : "restored to ${params.incidentStart} on ${steps['Restore a new instance to the point in time']?.value}; the old instance ${params.dbInstance} is kept"][params.scenario]
        notify slack: '#ai-incidents', text: "AI database rolled back (${params.scenario}): ${what}."
    }

    onFailure { failure ->
        notify slack: '#ai-incidents', text: "AI database rollback (${params.scenario}) FAILED at '${failure.step}': ${failure.message}"
        notify pagerduty: [summary: "AI database rollback failed at ${failure.step}", severity: 'critical']
    }
}
