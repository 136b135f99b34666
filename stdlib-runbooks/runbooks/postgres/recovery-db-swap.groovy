// Restore a backup into a separate recovery database, verify it while the live one keeps serving, then swap them
// in one transaction (pg.swapDatabases: both renames or neither), and name the database before <db>_broken_<run>.
// The broken database is kept for forensics; until the swap nothing touches the live database.
runbook('postgres-recovery-db-swap') {
    title       'Restore into a recovery database, verify it, and swap it in by rename'
    description '''Gets the backup (s3://bucket/key or a local file), creates <database>_recovery, restores into it, and
checks it (no invalid index, tables present, checkTable not empty, with its row count beside the live one's). Only
then, after a lead approves and the operator types SWAP, swaps the live and the recovery database in one transaction
(terminating their connections; both renames happen or neither does), then renames the database before to
<database>_broken_<run>. A failure before the swap drops the recovery database; a refused swap leaves both as they
were, and every database takes connections again.'''
    severity    P1
    tags        'postgres', 'restore', 'database', 'swap'
    owner       'platform-team'

    param 'database',   required: true, pattern: ~/[a-zA-Z_][a-zA-Z0-9_]*/, description: 'the live database (server, user and password from PGHOST, PGUSER, PGPASSWORD ...)'
    param 'from',       required: true, pattern: ~/(s3:\/\/[a-z0-9][a-z0-9.-]+\/\S+|\/\S+)/, description: 'the backup: s3://bucket/key or an absolute path (pg_dump archive or SQL, .gz allowed)'
    param 'checkTable', pattern: ~/[a-zA-Z_][a-zA-Z0-9_.]*/, description: 'a table that must have rows in the recovery database (e.g. orders)'
    param 'healthUrl',  pattern: ~/https?:\/\/\S+/, description: 'an endpoint of the application that answers 200 when healthy; default: the database answers'
    param 'channel',    default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel told the outcome'

    health {
        params.healthUrl ? http.get(params.healthUrl).status == 200 : pg.connect(database: params.database).scalar('SELECT 1') == 1
    }

    step('Get the backup', timeout: 1.hour, expected: 5.minutes, retry: 2, backoff: 30.seconds, idempotent: true) {
        if (params.from.startsWith('s3://')) {
            def m = params.from =~ /^s3:\/\/([^\/]+)\/(.+)$/
            m.find()
            return s3.download(m.group(1), m.group(2), to: workdir).file.toString()
        }
        sh "test -r '${params.from}'"
        params.from
    }

    step('Create the recovery database', timeout: 2.minutes) {
        pg.createDatabase("${params.database}_recovery")
    }

    step('Restore into the recovery database', timeout: 2.hours, expected: 20.minutes) {
        pg.restore("${params.database}_recovery", from: steps['Get the backup'].value)
        onFailure { failure ->
            pg.dropDatabase("${params.database}_recovery", ifExists: true, terminate: true)
            log "${params.database}_recovery was dropped; ${params.database} was not touched"
        }
    }

    step('Verify the recovery database', timeout: 10.minutes, expected: 1.minute) {
        def recovery = pg.connect(database: "${params.database}_recovery")
        recovery.check('recovery database') {
            expectZero 'invalid indexes', 'SELECT count(*) FROM pg_index WHERE NOT indisvalid'
        }
        long tables = recovery.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')") as long
        if (tables == 0) fail "${params.database}_recovery has no tables"
        if (params.checkTable) {
            long rows = recovery.count(params.checkTable)
            long live = pg.connect(database: params.database).count(params.checkTable)
            log "${params.checkTable}: $rows rows in the recovery database, $live in the live one"
            if (rows == 0) fail "${params.checkTable} is empty in ${params.database}_recovery"
        }
        onFailure { failure ->
            pg.dropDatabase("${params.database}_recovery", ifExists: true, terminate: true)
            log "${params.database}_recovery failed its checks and was dropped; ${params.database} was not touched"
        }
    }

    requireApproval P1, reason: 'swaps the live database: connections to it are terminated'

    confirm 'SWAP'

    step('Swap the databases', timeout: 5.minutes, expected: 10.seconds) {
        String broken = "${params.database}_broken_${run.id.replaceAll(/\W/, '_')}"
        pg.swapDatabases(params.database, "${params.database}_recovery", terminate: true)
        // the swap is done; the database before is <db>_recovery now: give it a name nobody takes for a recovery copy
        pg.renameDatabase("${params.database}_recovery", broken, terminate: true)
        log "${params.database} is the recovered database now; the one before is kept as $broken"
        broken
        onFailure { failure ->
            log failure.message.contains('swap of databases')
                    ? "the swap did not happen (one transaction): ${params.database} and ${params.database}_recovery are as they were"
                    : "the swap was done: ${params.database} is the recovered database; the one before is still named ${params.database}_recovery"
        }
    }

    gate health(within: 3.minutes, every: 10.seconds)

    manual 'Keep the broken database for the investigation; drop it once the incident review is done'

    step('Tell the team', timeout: 1.minute) {
        notify slack: params.channel,
               text: "${params.database} swapped for a recovery restored from ${params.from}; the database before is kept as ${steps['Swap the databases'].value}"
    }

    onFailure { failure ->
        String state = steps['Swap the databases'].ok
                ? "the swap was done: ${params.database} is the recovered database, the one before is ${steps['Swap the databases'].value} — to swap back: pg.swapDatabases"
                : failure.step == 'Swap the databases' && !failure.message.contains('swap of databases')
                ? "the swap was done: ${params.database} is the recovered database, the one before is still named ${params.database}_recovery"
                : "${params.database} was not swapped"
        notify slack: params.channel, text: "recovery swap of ${params.database} FAILED at '${failure.step}': ${failure.message} — $state"
    }
}
