// HotDash, Supabase migration rollback: Supabase migrations only go forward, so each one ships with a hand-written
// supabase/rollbacks/rollback_<version>.sql. This runbook shows which migrations are applied, backs the database up,
// undoes every migration newer than the target (newest first, one transaction) and checks that Supabase's own
// history agrees. A schema change is a manager's decision at any severity but P0 (there it is waived and announced).
//
//   ./runbook exec examples/hotdash/supabase-migration-rollback.groovy -p toVersion=20261118120000
//
// SUPABASE_DB_URL (postgresql://postgres:<password>@db.<ref>.supabase.co:5432/postgres) and SUPABASE_ACCESS_TOKEN
// come from the environment; the password is masked everywhere.
runbook('hotdash-supabase-migration-rollback') {
    title 'HotDash: undo Supabase migrations back to a version'
    owner 'hotdash-eng'
    tags 'hotdash', 'supabase', 'postgres', 'migration'
    severity P2

    param 'toVersion', required: true, pattern: ~/\d{14}/, description: 'the migration to go back to (it stays applied)'
    param 'rollbacksDir', default: 'supabase/rollbacks', description: 'the folder of rollback_<version>.sql files'
    param 'project', default: '.', description: 'the folder of the Supabase project (supabase/ inside it)'
    secret 'SUPABASE_DB_URL'

    step('Read the migration history', timeout: 1.minute, idempotent: true) {
        def all = supabase.migrations(linked: true, dir: params.project)
        all.each { log "${it.version} ${it.status}" }
        def applied = all.findAll { it.applied }*.version
        if (!(params.toVersion in applied)) fail "${params.toVersion} is not applied on the linked project (applied: ${applied.takeRight(5).join(', ')})"
        def undo = applied.findAll { it > params.toVersion }
        if (!undo) fail "${params.toVersion} is the newest applied migration: nothing to undo"
        undo.join(' ')
    }

    requireApproval role: 'manager', reason: 'changes the production schema', within: 1.hour

    step('Back up the database', timeout: 30.minutes, expected: 3.minutes, idempotent: true) {
        // the database SUPABASE_DB_URL names: the one the next step rolls back
        pg.dump(secrets.SUPABASE_DB_URL, to: "${workdir}/hotdash-before-migration-rollback.dump").file.toString()
    }

    step('Undo the migrations', timeout: 10.minutes, expected: 30.seconds) {
        def r = pg.connect(secrets.SUPABASE_DB_URL).migrations(table: 'supabase_migrations.schema_migrations')
                .rollbackTo(params.toVersion, dir: params.rollbacksDir)
        log "undid ${r.rolledBack.join(', ')} (one transaction: all or nothing)"
    }

    step('Supabase agrees', timeout: 1.minute) {
        def applied = supabase.migrations(linked: true, dir: params.project).findAll { it.applied }*.version
        if (applied.max() != params.toVersion) fail "Supabase still lists ${applied.max()} as the newest applied migration"
        log "the newest applied migration is ${params.toVersion}; the undone ones are pending again — delete or fix them before the next `supabase db push`"
    }

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#hotdash-incidents', text: "HotDash schema rolled back to ${params.toVersion}: undid ${steps['Read the migration history'].value}. Backup: ${steps['Back up the database'].value}"
    }

    onFailure { failure ->
        notify slack: '#hotdash-incidents', text: "HotDash migration rollback FAILED at '${failure.step}': ${failure.message}" +
                (steps['Back up the database']?.ok ? ". The backup taken first: ${steps['Back up the database'].value}" : '')
    }
}
