// HotDash, full-system rollback: the release changed both the app and the schema, and both must go back together.
// Customers see the maintenance page meanwhile: maintenance on, database backup, schema back to the target
// version, the app back to the earlier Fly release, maintenance off, verified. The page listed the same steps
// under "Full rollback (last resort)" with four terminals open.
//
//   ./runbook exec examples/hotdash/full-system-rollback.groovy -p version=v212 -p toVersion=20261118120000 --severity P1
//
// Approvals: the incident's severity decides who authorises the rollback (runbook.team.groovy); a schema change
// also needs a manager.
runbook('hotdash-full-system-rollback') {
    title 'HotDash: roll back app and schema together, behind the maintenance page'
    owner 'hotdash-eng'
    tags 'hotdash', 'fly', 'supabase', 'rollback'
    severity P1

    param 'version', required: true, pattern: ~/v?\d+/, description: 'the Fly release to go back to'
    param 'toVersion', default: '', pattern: ~/(\d{14})?/, description: 'the migration to go back to (empty: the schema stays)'
    param 'app', default: 'hotdash', pattern: ~/[a-z0-9-]+/
    param 'siteUrl', default: 'https://hotdash.fly.dev', pattern: ~/https?:\/\/\S+/
    param 'rollbacksDir', default: 'supabase/rollbacks'
    secret 'SUPABASE_DB_URL'

    health { http "${params.siteUrl}/api/health", expect: 200, json: { it.status == 'ok' } }

    step('Check the release and the schema', timeout: 1.minute, idempotent: true) {
        def release = fly.releases(params.app).find { it.version == (params.version - 'v') as int }
        if (release == null || !release.imageRef) fail "${params.app} has no release ${params.version} with an image to deploy"
        if (params.toVersion) {
            def applied = supabase.migrations(linked: true).findAll { it.applied }*.version
            if (!(params.toVersion in applied)) fail "migration ${params.toVersion} is not applied (applied: ${applied.takeRight(5).join(', ')})"
        }
        log "app → v${release.version} (${release.imageRef})" + (params.toVersion ? ", schema → ${params.toVersion}" : ', schema unchanged')
    }

    confirm 'FULL', prompt: 'puts HotDash behind the maintenance page and rolls back app and schema'
    requireApproval P3, reason: 'full-system rollback behind the maintenance page', within: 30.minutes

    step('A manager approves the schema change', when: { params.toVersion }) {
        requireApproval role: 'manager', reason: 'changes the production schema', within: 30.minutes
    }

    step('Maintenance mode on', timeout: 5.minutes, retry: 1, backoff: 15.seconds, idempotent: true) {
        sh "flyctl secrets set MAINTENANCE_MODE=true --app ${params.app}"
    }

    gate('the maintenance page is up', within: 3.minutes, every: 5.seconds) {
        http.get("${params.siteUrl}/", timeout: 5.seconds).status == 503
    }

    step('Back up the database', timeout: 30.minutes, expected: 3.minutes, idempotent: true) {
        pg.dump('postgres', url: secrets.SUPABASE_DB_URL, to: "${workdir}/hotdash-before-full-rollback.dump").file.toString()
    }

    step('Undo the migrations', timeout: 10.minutes, when: { params.toVersion }) {
        def r = pg.connect(secrets.SUPABASE_DB_URL).migrations(table: 'supabase_migrations.schema_migrations')
                .rollbackTo(params.toVersion, dir: params.rollbacksDir)
        log "undid ${r.rolledBack.join(', ')}"
    }

    step('Redeploy the release', timeout: 10.minutes, expected: 3.minutes) {
        fly.rollback(params.app, params.version, strategy: 'immediate')
    }

    gate('every machine passes its checks', within: 5.minutes, every: 10.seconds) {
        fly.status(params.app).healthy
    }

    step('Maintenance mode off', timeout: 5.minutes, retry: 1, backoff: 15.seconds, idempotent: true) {
        sh "flyctl secrets set MAINTENANCE_MODE=false --app ${params.app}"
    }

    gate health(within: 3.minutes, every: 5.seconds)

    manual 'Sign in as demo@hotdash.app and open the Sales dashboard: the charts load with today\'s numbers'

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#hotdash-incidents', text: "HotDash fully rolled back: app v${params.version - 'v'}" +
                (params.toVersion ? ", schema ${params.toVersion}" : '') + '; maintenance mode is off and the site is healthy.'
    }

    onFailure { failure ->
        def inMaintenance = steps['Maintenance mode on']?.ok && !steps['Maintenance mode off']?.ok
        notify slack: '#hotdash-incidents', text: "HotDash full rollback FAILED at '${failure.step}': ${failure.message}." +
                (inMaintenance ? ' HotDash is still in MAINTENANCE MODE on purpose; when app and schema are right: maintenance-mode.groovy -p state=off.' : '') +
                (steps['Back up the database']?.ok ? " Backup: ${steps['Back up the database'].value}" : '')
    }
}
