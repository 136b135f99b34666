// Roll database schema migrations back to a version: the newer ones are undone with their rollback_<version>.sql
// files, newest first, in one transaction (all or nothing), after an emergency dump and once a human has checked
// that the running application works with the older schema.
runbook('postgres-migration-rollback') {
    title       'Roll PostgreSQL schema migrations back to a version'
    description '''Reads the applied versions from the migrations table (schema_migrations by default, as Rails, Supabase
and dbmate keep it), refuses a version that is not applied or already current, dumps the database, and after a lead
approves and the operator confirms the application is compatible, runs dir/rollback_<v>.sql (or <v>_<name>.rollback.sql)
for every newer version, newest first, in one transaction, removing their rows. Nothing runs unless every rollback file
is there and none of them has its own BEGIN/COMMIT or a statement that cannot run in a transaction (those are refused
with file:line). Then checks the version and health.'''
    severity    P1
    tags        'postgres', 'migrations', 'rollback', 'database'
    owner       'platform-team'

    param 'database',  required: true, pattern: ~/[a-zA-Z_][a-zA-Z0-9_$-]*/, description: 'the database (server, user and password from PGHOST, PGUSER, PGPASSWORD ...)'
    param 'toVersion', required: true, pattern: ~/[\w.-]+/, description: 'the version to go back to: it stays applied, every newer one is undone'
    param 'dir',       required: true, description: 'the folder of the rollback files: rollback_<version>.sql or <version>_<name>.rollback.sql'
    param 'table',     default: 'schema_migrations', pattern: ~/[a-zA-Z_][a-zA-Z0-9_.]*/, description: 'the migrations table'
    param 'healthUrl', pattern: ~/https?:\/\/\S+/, description: 'an endpoint of the application that answers 200 when healthy; default: the database answers'
    param 'channel',   default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel told the outcome'

    health {
        params.healthUrl ? http.get(params.healthUrl).status == 200 : pg.connect(database: params.database).scalar('SELECT 1') == 1
    }

    step('Read the applied migrations', timeout: 1.minute, idempotent: true) {
        List<String> applied = pg.migrations(table: params.table, database: params.database).applied()
        String current = applied ? applied.last() : null
        log "applied in ${params.table}: ${applied.takeRight(10).join(', ')}${applied.size() > 10 ? " (and ${applied.size() - 10} older)" : ''}"
        if (!(params.toVersion in applied)) fail "version ${params.toVersion} is not applied in ${params.table} (newest: ${applied.takeRight(5).join(', ')}) — pick an applied version"
        if (current == params.toVersion) fail "${params.database} is at version ${params.toVersion} already: nothing to roll back"
        List<String> undo = applied.subList(applied.indexOf(params.toVersion) + 1, applied.size()).reverse()
        log "to undo, newest first: ${undo.join(', ')}"
        current
    }

    step('Emergency backup', timeout: 1.hour, expected: 10.minutes) {
        def dump = pg.dump(params.database, to: "${workdir}/${params.database}-before-migration-rollback.dump")
        dump.file.toString()
    }

    requireApproval P1, reason: 'undoes schema migrations: columns and tables they added are dropped with their data'

    manual 'The application version running now works with the older schema (deploy the matching release first if not)'

    step('Roll back the migrations', timeout: 30.minutes, expected: 1.minute) {
        def r = pg.migrations(table: params.table, database: params.database).rollbackTo(params.toVersion, dir: params.dir)
        log "rolled back ${r.rolledBack.join(', ')}: ${r.from} → ${r.to}"
        onFailure { failure ->
            log "the rollback ran in one transaction and was undone: ${params.database} is still at ${steps['Read the applied migrations'].value}"
        }
    }

    step('Verify the version', timeout: 1.minute, idempotent: true) {
        String now = pg.migrations(table: params.table, database: params.database).current()
        if (now != params.toVersion) fail "${params.table} says ${now}, expected ${params.toVersion}"
        now
    }

    gate health(within: 3.minutes, every: 10.seconds)

    step('Tell the team', timeout: 1.minute) {
        notify slack: params.channel,
               text: "${params.database}: migrations rolled back from ${steps['Read the applied migrations'].value} to ${params.toVersion}; " +
                     "dump of before in ${steps['Emergency backup'].value}"
    }

    onFailure { failure ->
        String state = steps['Roll back the migrations'].ok
                ? "the migrations were rolled back to ${params.toVersion}; the state before is in ${steps['Emergency backup'].value}"
                : "the schema was not changed"
        notify slack: params.channel, text: "migration rollback of ${params.database} to ${params.toVersion} FAILED at '${failure.step}': ${failure.message} — $state"
    }
}
