// Roll a Fly.io app back to an earlier release: deploy that release's image again (Fly has no in-place rollback),
// then wait until every machine passes its checks.
runbook('paas-fly-rollback') {
    title       'Roll a Fly.io app back to an earlier release'
    description '''Lists the app's releases, picks the one to return to (the version given, or the newest completed release
older than the current one), and after a lead approves deploys that release's image again with `flyctl deploy
--image` (as a new release). Health: healthUrl when given, else every machine started with all its checks passing.'''
    severity    P1
    tags        'fly', 'paas', 'rollback'
    owner       'platform-team'

    param 'app',       required: true, pattern: ~/[a-z0-9][a-z0-9-]*/, description: 'the Fly app'
    param 'version',   pattern: ~/v?\d+/, description: 'the release to return to (v41 or 41); default: the newest completed release before the current one'
    param 'strategy',  default: 'rolling', choices: ['rolling', 'immediate', 'canary', 'bluegreen'], description: 'how Fly replaces the machines'
    param 'healthUrl', pattern: ~/https?:\/\/\S+/, description: 'an endpoint that answers 200 when healthy; default: the machines\' checks'
    param 'channel',   default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel told the outcome'

    health {
        params.healthUrl ? http.get(params.healthUrl).status == 200 : fly.status(params.app).healthy
    }

    step('Pick the release', timeout: 1.minute, retry: 1, backoff: 5.seconds, idempotent: true) {
        def releases = fly.releases(params.app)          // newest first
        if (!releases) fail "app ${params.app} has no releases"
        def current = releases[0]
        log "current: v${current.version} ${current.status} ${current.imageRef}"
        def target
        if (params.version) {
            int wanted = params.version.replaceFirst(/^v/, '') as int
            target = releases.find { it.version == wanted }
            if (target == null) fail "app ${params.app} has no release v$wanted (newest: ${releases.take(5).collect { 'v' + it.version }.join(', ')})"
            if (wanted == current.version) fail "v$wanted is the current release of ${params.app}: nothing to roll back"
        } else {
            target = releases.find { it.version < current.version && it.status == 'complete' }
            if (target == null) fail "no completed release of ${params.app} before v${current.version} — give one with -p version=..."
        }
        log "returning to v${target.version} (${target.imageRef}, released by ${target.user})"
        target.version
    }

    requireApproval P1, reason: 'deploys an earlier release to production'

    step('Deploy the earlier image', timeout: 15.minutes, expected: 3.minutes) {
        def r = fly.rollback(params.app, steps['Pick the release'].value, strategy: params.strategy)
        log "deployed ${r.image} (the image of v${r.version}) to ${params.app}"
        onFailure { failure ->
            def s = fly.status(params.app)
            log "the deploy failed; ${params.app} runs release v${s.version} on ${s.machines.size()} machine(s), " +
                "${s.machines.count { it.healthy }} healthy"
        }
    }

    gate health(within: 5.minutes, every: 10.seconds)

    manual 'Check the app: errors and latency back to their level before the bad release'

    step('Tell the team', timeout: 1.minute) {
        notify slack: params.channel, text: "${params.app} rolled back to the image of v${steps['Pick the release'].value}: healthy"
    }

    onFailure { failure ->
        String state = steps['Deploy the earlier image'].ok
                ? "the image of v${steps['Pick the release'].value} is deployed but NOT healthy — `fly releases -a ${params.app}` lists what to go back to"
                : 'nothing was deployed'
        notify slack: params.channel, text: "Fly rollback of ${params.app} FAILED at '${failure.step}': ${failure.message} — $state"
    }
}
