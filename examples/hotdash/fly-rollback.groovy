// HotDash on Fly.io: roll the app back to an earlier release. Fly has no `rollback` command; the page said "find
// the last good release in `fly releases`, copy its image, `fly deploy --image ...`". fly.rollback does exactly that
// from the release number, and this runbook picks the release, asks the right person, and verifies.
//
//   ./runbook exec examples/hotdash/fly-rollback.groovy --severity P1              (the release before the current)
//   ./runbook exec examples/hotdash/fly-rollback.groovy -p version=v212 --severity P2
//
// Who approves depends on the incident's severity (runbook.team.groovy): P0 nobody first, P1 a lead, P2 a manager.
runbook('hotdash-fly-rollback') {
    title 'HotDash: redeploy an earlier Fly.io release'
    owner 'hotdash-eng'
    tags 'hotdash', 'fly', 'rollback'
    severity P1

    param 'app', default: 'hotdash', pattern: ~/[a-z0-9-]+/, description: 'the Fly app'
    param 'version', default: '', pattern: ~/(v?\d+)?/, description: 'the release to go back to (empty: the newest complete release before the current one)'
    param 'healthUrl', default: 'https://hotdash.fly.dev/api/health'

    health { http params.healthUrl, expect: 200, json: { it.status == 'ok' } }

    step('Pick the release', timeout: 1.minute, idempotent: true) {
        def releases = fly.releases(params.app)
        releases.take(5).each { log "v${it.version} ${it.status} ${it.createdAt} ${it.user}: ${it.description}" }
        def current = releases[0]
        def target = params.version
                ? releases.find { it.version == (params.version - 'v') as int }
                : releases.drop(1).find { it.status == 'complete' && it.imageRef }
        if (target == null) fail "no release ${params.version ?: 'before v' + current.version} to go back to in ${params.app}'s last ${releases.size()} releases"
        if (target.version == current.version) fail "v${target.version} is the current release: nothing to roll back"
        log "rolling back v${current.version} → v${target.version} (${target.imageRef})"
        target.version
    }

    // P3 here means "the run's own severity": a more urgent run uses its own rule (P0 none, P1 a lead, P2 a manager)
    requireApproval P3, reason: 'redeploys HotDash with an older release', within: 30.minutes

    step('Redeploy the release', timeout: 10.minutes, expected: 3.minutes) {
        def r = fly.rollback(params.app, steps['Pick the release'].value, strategy: 'rolling')
        log "deployed ${r.image}"
        onFailure { failure ->
            def s = fly.status(params.app)
            s.machines.each { log "machine ${it.id} ${it.region}: ${it.state}, release v${it.releaseVersion}, checks passing ${it.checksPassing}" }
            log "Fly reports v${s.version}; a rolling deploy replaces machines one by one, so the ones above still serve"
        }
    }

    gate('every machine passes its checks', within: 5.minutes, every: 10.seconds) {
        fly.status(params.app).healthy
    }

    gate health(within: 3.minutes, every: 5.seconds)

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#hotdash-incidents', text: "HotDash rolled back to v${steps['Pick the release'].value} on Fly (${run.severity}); every machine healthy."
    }

    onFailure { failure ->
        notify slack: '#hotdash-incidents', text: "HotDash Fly rollback FAILED at '${failure.step}': ${failure.message}"
    }
}
