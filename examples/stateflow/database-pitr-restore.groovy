// StateFlow, database point-in-time restore from S3: bad data went in (a buggy release, a wrong UPDATE) and the
// database must go back to how it was just before the incident. The nightly and hourly pg_dump backups are in S3
// under postgres/, named stateflow_<UTC time>.sql.gz. The page it replaces was eleven copied commands: aws s3 ls,
// pick a file by eye, aws s3 cp, docker compose stop, dropdb, createdb, gunzip | psql, and "check that it worked".
//
//   ./runbook exec examples/stateflow/database-pitr-restore.groovy -p incidentStart=2026-11-26T09:40:00Z
//
// PGHOST, PGUSER and PGPASSWORD (and AWS_* for S3) come from the environment, never from params.
runbook('stateflow-database-pitr-restore') {
    title 'StateFlow: restore the database to the last backup before the incident'
    description 'Stops the writers, saves the current state, restores the newest S3 backup older than the incident, checks it and starts the writers again.'
    owner 'stateflow-team'
    tags 'stateflow', 'postgres', 's3', 'restore'
    severity P1

    param 'incidentStart', required: true, pattern: ~/\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?Z/,
          description: 'when the bad data started (UTC, e.g. 2026-11-26T09:40:00Z): the backup is the newest one before it'
    param 'database', default: 'stateflow', pattern: ~/[a-z_][a-z0-9_]*/, description: 'the database to restore'
    param 'bucket', default: 'stateflow-backups', description: 'the S3 bucket with the backups'
    param 'prefix', default: 'postgres/', description: 'where in the bucket the backups are'
    param 'composeFile', default: 'deploy/docker-compose.prod.yml', description: 'the stack whose api and worker write to the database'
    param 'project', default: 'stateflow', pattern: ~/[a-z0-9][a-z0-9_-]*/
    param 'healthUrl', default: 'http://127.0.0.1:4000/api/health'

    health { http params.healthUrl, expect: 200, json: { it.database == 'connected' } }

    step('Find the backup before the incident', timeout: 1.minute, idempotent: true) {
        def backup = s3.latest(params.bucket, prefix: params.prefix, suffix: '.sql.gz', before: params.incidentStart)
        log "restoring ${backup.uri}, taken ${backup.time} (${backup.size} bytes); everything written after that is lost"
        backup.key
    }

    confirm 'RESTORE', prompt: 'replaces the whole database with that backup; the api and the worker stop until it is done'
    requireApproval P1, reason: 'restores the production database: data since the backup is lost', within: 30.minutes

    step('Stop the writers', timeout: 2.minutes, idempotent: true) {
        compose(params.composeFile, project: params.project).stop('api', 'worker')
    }

    step('Save the current state', timeout: 30.minutes, expected: 5.minutes) {
        // the way back if the restore goes wrong, and the evidence of what the incident wrote
        def dump = pg.dump(params.database, to: "${workdir}/${params.database}-before-restore.dump")
        s3.upload(dump.file, params.bucket, "emergency/${run.id}/${params.database}-before-restore.dump")
        log "saved ${dump.bytes} bytes to ${dump.file} and s3://${params.bucket}/emergency/${run.id}/"
        dump.file.toString()
    }

    step('Download the backup', timeout: 15.minutes, expected: 2.minutes, retry: 2, backoff: 30.seconds, idempotent: true) {
        s3.download(params.bucket, steps['Find the backup before the incident'].value, to: workdir).file.toString()
    }

    step('Restore the backup', timeout: 45.minutes, expected: 10.minutes) {
        pg.restore(params.database, from: steps['Download the backup'].value, clean: true)
        onFailure { failure ->
            // a half-restored database is the worst state to leave: put back what was there before
            pg.restore(params.database, from: steps['Save the current state'].value, clean: true)
            log "the restore failed; ${params.database} is back to its state before this run (the incident's data included)"
        }
    }

    step('Check the restored data', timeout: 5.minutes) {
        def db = pg.connect(database: params.database)
        db.check('after the restore') {
            expectZero 'tasks without a board', 'SELECT count(*) FROM tasks t LEFT JOIN boards b ON b.id = t.board_id WHERE b.id IS NULL'
            expectZero 'boards without an owner', 'SELECT count(*) FROM boards b LEFT JOIN users u ON u.id = b.owner_id WHERE u.id IS NULL'
            expectZero 'rows from after the backup', "SELECT count(*) FROM tasks WHERE updated_at >= '${params.incidentStart}'"
        }
        log "users ${db.count('users')}, boards ${db.count('boards')}, tasks ${db.count('tasks')}"
    }

    step('Start the writers', timeout: 2.minutes, idempotent: true) {
        compose(params.composeFile, project: params.project).start('api', 'worker')
    }

    gate health(within: 3.minutes, every: 5.seconds)

    manual 'Open one board created before the incident and one task the support ticket names: both are as the customer expects'

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#stateflow-incidents',
               text: "StateFlow database restored to ${steps['Find the backup before the incident'].value} (before ${params.incidentStart}). " +
                     "The state before the restore is in s3://${params.bucket}/emergency/${run.id}/."
    }

    onFailure { failure ->
        boolean writersDown = steps['Stop the writers']?.ok && !steps['Start the writers']?.ok
        notify slack: '#stateflow-incidents',
               text: "StateFlow database restore FAILED at '${failure.step}': ${failure.message}." +
                     (writersDown ? ' The api and the worker are STOPPED: start them with docker compose start api worker once the database is right.' : '')
    }
}
