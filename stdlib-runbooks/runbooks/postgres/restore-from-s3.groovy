// Point-in-time-ish restore of a PostgreSQL database from the newest S3 backup taken before the incident: stop the
// writers, keep an emergency backup of the current state (locally and in S3), download, restore, check, restart.
// Nothing destructive happens before the emergency backup exists and the downloaded backup reads whole; a failed
// restore changes nothing (pg.restore is one transaction), so the emergency backup is there for a human, not replayed.
runbook('postgres-restore-from-s3') {
    title       'Restore a PostgreSQL database from the last S3 backup before an incident'
    description '''Finds the newest backup under s3://bucket/prefix taken before incidentStart (the time in the key, else
its upload time), stops the containers that write to the database, dumps the current state as an emergency backup
(kept in the run folder and uploaded next to the backups), downloads the backup and checks it reads whole
(pg.verifyBackup), and after the operator types RESTORE restores it over the database in one transaction (pg_restore
--clean, or psql for SQL; .gz handled): a restore that fails changes nothing. Then integrity checks (no invalid
index, the schema has tables, checkTable has rows), the writers start again, and health is verified. Writes made
after the backup was taken are lost: the last checklist item is about them.'''
    severity    P1
    tags        'postgres', 's3', 'restore', 'database'
    owner       'platform-team'

    param 'database',      required: true, pattern: ~/[a-zA-Z_][a-zA-Z0-9_$-]*/, description: 'the database to restore (server, user and password from PGHOST, PGUSER, PGPASSWORD ...)'
    param 'bucket',        required: true, pattern: ~/[a-z0-9][a-z0-9.-]{1,62}/, description: 'the bucket holding the backups'
    param 'prefix',        default: 'backups/', description: 'where the backups are in the bucket'
    param 'incidentStart', required: true, pattern: ~/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/, description: 'when the incident began (UTC, 2024-01-15T03:20:00Z): the backup restored is the newest one before it'
    param 'writers',       pattern: ~/[a-zA-Z0-9][a-zA-Z0-9_.-]*(,[a-zA-Z0-9][a-zA-Z0-9_.-]*)*/, description: 'containers that write to the database, comma-separated: stopped during the restore'
    param 'checkTable',    pattern: ~/[a-zA-Z_][a-zA-Z0-9_.]*/, description: 'a table that must have rows after the restore (e.g. users)'
    param 'healthUrl',     pattern: ~/https?:\/\/\S+/, description: 'an endpoint of the application that answers 200 when healthy; default: the database answers'
    param 'channel',       default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel told the outcome'

    health {
        params.healthUrl ? http.get(params.healthUrl).status == 200
                         : pg.connect(database: params.database).scalar('SELECT 1') == 1
    }

    step('Find the backup', timeout: 2.minutes, idempotent: true) {
        def backup = s3.latest(params.bucket, prefix: params.prefix, before: params.incidentStart)
        log "restoring ${backup.uri}, taken ${backup.time} (${backup.size} bytes); writes after ${backup.time} will be lost"
        backup.key
    }

    requireApproval P1, reason: 'replaces a production database with a backup: writes after the backup are lost'

    step('Stop the writers', when: { params.writers }, timeout: 3.minutes, idempotent: true) {
        writerList(params).each { docker.container(it).stop(timeout: 30) }
        log "stopped: ${params.writers}"
        onFailure { failure ->
            writerList(params).each { docker.container(it).start() }
            log "not every writer stopped; all of them were started again, the database was not touched"
        }
    }

    step('Emergency backup of the current state', timeout: 1.hour, expected: 10.minutes) {
        def dump = pg.dump(params.database, to: "${workdir}/${params.database}-before-restore.dump")
        s3.upload(dump.file, params.bucket, "emergency/${params.database}-${run.id}.dump")
        log "the current state is in ${dump.file} and s3://${params.bucket}/emergency/${params.database}-${run.id}.dump"
        dump.file.toString()
        onFailure { failure ->
            writerList(params).each { docker.container(it).start() }
            log "no emergency backup, so no restore: the database was not touched and the writers were started again"
        }
    }

    step('Download the backup', timeout: 1.hour, expected: 5.minutes, retry: 2, backoff: 30.seconds, idempotent: true) {
        def file = s3.download(params.bucket, steps['Find the backup'].value, to: workdir)
        file.file.toString()
        onFailure { failure ->
            writerList(params).each { docker.container(it).start() }
            log "the backup could not be downloaded: the database was not touched and the writers were started again"
        }
    }

    step('Verify the backup', timeout: 1.hour, expected: 2.minutes, idempotent: true) {
        def check = pg.verifyBackup(steps['Download the backup'].value)
        if (!check.ok) fail "the backup ${steps['Find the backup'].value} is not whole: ${check.problem}"
        log "the backup reads whole: ${check.format}${check.gzipped ? ', gzipped' : ''}, ${check.entries} entries"
        onFailure { failure ->
            writerList(params).each { docker.container(it).start() }
            log "the backup is damaged: the database was not touched and the writers were started again"
        }
    }

    confirm 'RESTORE'

    step('Restore the backup', timeout: 2.hours, expected: 20.minutes) {
        pg.restore(params.database, from: steps['Download the backup'].value, clean: true)
        onFailure { failure ->
            log "pg.restore runs in one transaction: the failed restore changed nothing and ${params.database} is as it was. " +
                "The writers are still stopped: start them when the database is checked; the state before is also in " +
                "${steps['Emergency backup of the current state'].value}"
        }
    }

    step('Check integrity', timeout: 10.minutes, expected: 1.minute) {
        def db = pg.connect(database: params.database)
        db.check('after the restore') {
            expectZero 'invalid indexes', 'SELECT count(*) FROM pg_index WHERE NOT indisvalid'
        }
        def tables = db.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')") as long
        if (tables == 0) fail "${params.database} has no tables after the restore"
        if (params.checkTable) {
            long rows = db.count(params.checkTable)
            if (rows == 0) fail "${params.checkTable} is empty after the restore"
            log "${params.checkTable}: $rows rows"
        }
        onFailure { failure ->
            log "the restored ${params.database} fails its checks; the writers stay stopped. The state before the restore is in " +
                "${steps['Emergency backup of the current state'].value}"
        }
    }

    step('Restart the writers', when: { params.writers }, timeout: 3.minutes, retry: 1, backoff: 10.seconds, idempotent: true) {
        writerList(params).each { docker.container(it).start() }
    }

    gate health(within: 5.minutes, every: 10.seconds)

    manual 'Decide with the data owner what to do about writes made between the backup and the restore (they are in the emergency backup)'

    step('Tell the team', timeout: 1.minute) {
        notify slack: params.channel,
               text: "${params.database} restored from s3://${params.bucket}/${steps['Find the backup'].value}; " +
                     "the state before is in s3://${params.bucket}/emergency/${params.database}-${run.id}.dump"
    }

    onFailure { failure ->
        String state = steps['Restore the backup'].ok ? "${params.database} holds the backup; writers ${params.writers ? 'may be stopped' : 'n/a'}"
                     : steps['Restore the backup'].status == 'failed' ? "${params.database} is as it was (the restore is one transaction); writers stopped"
                     : "${params.database} was not touched"
        notify slack: params.channel, text: "restore of ${params.database} FAILED at '${failure.step}': ${failure.message} — $state"
    }
}

/** The writer containers named by the writers param. */
static List<String> writerList(params) {
    params.writers ? params.writers.split(',')*.trim() : []
}
