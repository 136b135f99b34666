// Roll a Cloudflare Worker back to an earlier version: that version gets 100% of the traffic again, at once.
runbook('paas-wrangler-rollback') {
    title       'Roll a Cloudflare Worker back to an earlier version'
    description '''Lists the Worker's deployments, picks the version to return to (the one given, or the version the
previous deployment served), and after a lead approves runs `wrangler rollback` with a message that names the run.
Workers switch globally within seconds; healthUrl must then answer 200.'''
    severity    P1
    tags        'cloudflare', 'wrangler', 'paas', 'rollback'
    owner       'platform-team'

    param 'worker',    required: true, pattern: ~/[a-z0-9][a-z0-9-]*/, description: 'the Worker name'
    param 'versionId', pattern: ~/[0-9a-f-]{8,}/, description: 'the version to return to; default: the version the previous deployment served'
    param 'message',   default: 'rollback by runbook', description: 'the deployment message, shown in the dashboard'
    param 'healthUrl', required: true, pattern: ~/https?:\/\/\S+/, description: 'an endpoint of the Worker that answers 200 when healthy'
    param 'channel',   default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel told the outcome'

    health { http params.healthUrl, expect: 200 }

    step('Pick the version', timeout: 1.minute, retry: 1, backoff: 5.seconds, idempotent: true) {
        def deployments = wrangler.deployments(params.worker)     // newest first: [0] serves now
        if (!deployments) fail "Worker ${params.worker} has no deployments"
        String current = deployments[0].versionId
        String target = params.versionId ?: deployments.find { it.versionId != current }?.versionId
        if (target == null) fail "every deployment of ${params.worker} served $current: there is no earlier version — give one with -p versionId=..."
        if (target == current) fail "${params.worker} serves $current already: nothing to roll back"
        log "${params.worker}: serving $current; returning to $target"
        [current: current, target: target]
    }

    requireApproval P1, reason: 'switches all traffic of a production Worker'

    step('Roll back', timeout: 2.minutes, expected: 15.seconds) {
        def v = steps['Pick the version'].value
        wrangler.rollback(params.worker, v.target, message: "${params.message} (run ${run.id})")
        onFailure { failure ->
            log "the rollback failed: ${params.worker} still serves ${steps['Pick the version'].value.current}"
        }
    }

    gate health(within: 2.minutes, every: 5.seconds)

    step('Tell the team', timeout: 1.minute) {
        def v = steps['Pick the version'].value
        notify slack: params.channel, text: "${params.worker} rolled back from ${v.current} to ${v.target}: healthy"
    }

    onFailure { failure ->
        def v = steps['Pick the version'].value
        String state = steps['Roll back'].ok
                ? "${params.worker} serves ${v.target} and is NOT healthy — to go forward again: wrangler rollback ${v.current}"
                : "${params.worker} still serves what it served before"
        notify slack: params.channel, text: "Worker rollback of ${params.worker} FAILED at '${failure.step}': ${failure.message} — $state"
    }
}
