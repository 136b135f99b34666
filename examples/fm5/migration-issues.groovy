// FM5, migration issues: a migration of the release broke something. The page's rule for roll forward vs back:
//   roll FORWARD (a fix migration) when the broken migration was additive or data was already written in the new
//   shape — going back would lose it; roll BACK (its rollback file) when it changed or dropped something and no
//   new-shape data exists yet. The runbook measures that, proposes, and the operator decides.
//
//   ./runbook exec examples/fm5/migration-issues.groovy -p broken=20261126091500 -p newTable=order_events
//   ./runbook exec examples/fm5/migration-issues.groovy -p broken=20261126091500 -p decision=forward -p fix=db/fixes/20261126103000_fix.sql
//
// The database is Neon Postgres; DATABASE_URL (with its password) comes from the environment and is masked.
runbook('fm5-migration-issues') {
    title 'FM5: a migration broke production — roll forward or roll back'
    owner 'fm5-team'
    tags 'fm5', 'postgres', 'migration'
    severity P1

    param 'broken', required: true, pattern: ~/\d{14}/, description: 'the migration that broke things'
    param 'newTable', default: '', pattern: ~/([a-z_][a-z0-9_]*)?/, description: 'the table it created, if any: rows in it are data a rollback would lose'
    param 'decision', default: 'ask', choices: ['ask', 'forward', 'back'], description: 'ask: measure and propose'
    param 'fix', default: '', pattern: ~/(\S+\.sql)?/, description: 'forward: the fix migration file'
    param 'rollbacksDir', default: 'db/rollbacks'
    param 'baseUrl', default: 'https://api.fm5.app'
    secret 'DATABASE_URL'

    health { http "${params.baseUrl}/health", expect: 200, json: { it.db == 'ok' } }

    step('Measure', timeout: 1.minute, idempotent: true) {
        def db = pg.connect(secrets.DATABASE_URL)
        def applied = db.migrations().applied()
        if (!(params.broken in applied)) fail "${params.broken} is not applied (newest: ${applied.takeRight(3).join(', ')}) — nothing to decide"
        def after = applied.findAll { it > params.broken }
        long rows = params.newTable ? db.count(params.newTable) : 0
        def proposal = rows > 0 || after ? 'forward' : 'back'
        log "applied after it: ${after ?: 'none'}; rows in ${params.newTable ?: '(no new table)'}: ${rows}; proposal: roll ${proposal}"
        proposal
    }

    step('Decide', timeout: 1.hour) {
        def proposal = steps['Measure'].value
        def choice = params.decision == 'ask' ? proposal : params.decision
        if (choice != proposal) log "the operator chose ${choice} against the proposal (${proposal})"
        if (choice == 'forward' && !params.fix) fail 'rolling forward needs the fix migration: -p fix=db/fixes/<version>_fix.sql (and -p decision=forward)'
        manual "Roll ${choice}: ${choice == 'forward' ? "apply ${params.fix}" : "undo ${params.broken} and every migration after it"} — agreed with the release author?"
        choice
    }

    requireApproval P1, reason: 'changes the production schema', within: 30.minutes

    step('Back up the database', timeout: 30.minutes, expected: 4.minutes, idempotent: true) {
        // the database the URL names: a name beside url: that differs from it is refused, never silently preferred
        pg.dump(url: secrets.DATABASE_URL, to: "${workdir}/fm5-before-migration-fix.dump").file.toString()
    }

    step('Roll forward', timeout: 10.minutes, when: { steps['Decide'].value == 'forward' }) {
        // the file name is checked before anything touches the schema; the fix and its row go in together or not at all
        def version = new File(params.fix).name.find(/^\d{14}/)
        if (!version) fail "${params.fix} does not start with its 14-digit version: nothing was applied"
        def sql = new File(params.fix).text
        pg.connect(secrets.DATABASE_URL).transaction { tx ->
            tx.execute(sql)
            tx.execute('INSERT INTO schema_migrations (version) VALUES (?)', [version])
        }
        log "applied ${params.fix} as ${version}"
    }

    step('Roll back', timeout: 10.minutes, when: { steps['Decide'].value == 'back' }) {
        def before = pg.connect(secrets.DATABASE_URL).migrations().applied().findAll { it < params.broken }.max()
        def r = pg.connect(secrets.DATABASE_URL).migrations().rollbackTo(before, dir: params.rollbacksDir)
        log "undid ${r.rolledBack.join(', ')}; schema at ${before}"
    }

    gate health(within: 3.minutes, every: 10.seconds)

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#fm5-incidents', text: "FM5 migration ${params.broken}: rolled ${steps['Decide'].value}" +
                (steps['Decide'].value == 'forward' ? " with ${params.fix}" : '') + "; health passes. Backup: ${steps['Back up the database'].value}"
    }

    onFailure { failure ->
        notify slack: '#fm5-incidents', text: "FM5 migration fix FAILED at '${failure.step}': ${failure.message}" +
                (steps['Back up the database']?.ok ? ". Backup taken first: ${steps['Back up the database'].value}" : '')
    }
}
