// FM5 on Cloudflare Workers: roll the fm5-api Worker back to the version that served before the bad deploy, then
// hold it to the page's "rollback success criteria" — as gates, so the run only succeeds when all of them hold:
//   1. every service's health check answers 200;
//   2. 5xx under 1% for 10 minutes;
//   3. p95 under 500 ms;
//   4. checkout works end to end (the synthetic check passes).
// The page said: `wrangler deployments list`, copy the version id, `wrangler rollback <id>`, then eyeball the dashboard.
//
//   ./runbook exec examples/fm5/worker-rollback.groovy -p reason='INC-311 checkout 500s'
/** The health endpoint of each FM5 service, as the status page checks them. */
static Map<String, String> healthUrls() {
    [api: 'https://api.fm5.app/health', auth: 'https://auth.fm5.app/health', web: 'https://fm5.app/health']
}

runbook('fm5-worker-rollback') {
    title 'FM5: roll the API Worker back and hold it to the success criteria'
    owner 'fm5-team'
    tags 'fm5', 'cloudflare', 'wrangler', 'rollback'
    severity P1

    param 'worker', default: 'fm5-api', pattern: ~/[a-z0-9-]+/
    param 'versionId', default: '', pattern: ~/[0-9a-f-]*/, description: 'the version to go back to (empty: the one that served before the current deployment)'
    param 'reason', required: true, description: 'goes into the deployment message, e.g. INC-311 checkout 500s'
    param 'baseUrl', default: 'https://api.fm5.app', pattern: ~/https?:\/\/\S+/

    health { http "${params.baseUrl}/health", expect: 200 }

    step('Pick the version', timeout: 1.minute, idempotent: true) {
        def deployments = wrangler.deployments(params.worker)
        deployments.take(4).each { log "${it.createdOn} ${it.author} ${it.source}: ${it.versionId} ${it.message ?: ''}" }
        def current = deployments[0].versionId
        def target = params.versionId ?: deployments.drop(1).find { it.versionId != current }?.versionId
        if (!target) fail "no earlier version of ${params.worker} in its last ${deployments.size()} deployments"
        if (target == current) fail "${target} already serves all traffic: nothing to roll back"
        log "rolling back ${current} → ${target}"
        "${current} ${target}".toString()
    }

    requireApproval P1, reason: 'changes the production Worker', within: 30.minutes

    step('Roll back', timeout: 2.minutes, expected: 20.seconds) {
        def (current, target) = steps['Pick the version'].value.tokenize(' ')
        wrangler.rollback(params.worker, target, message: "rollback: ${params.reason}")
    }

    // ---- the success criteria --------------------------------------------------------------------------------------

    gate('every service is healthy', within: 3.minutes, every: 10.seconds) {
        healthUrls().every { name, url -> http.get(url, timeout: 5.seconds).status == 200 }
    }

    gate('5xx under 1% for 10 minutes', within: 20.minutes, every: 1.minute, sustain: 10.minutes) {
        def m = http.get("${params.baseUrl}/internal/metrics?window=5m", timeout: 10.seconds).json
        m.errorRate < 1.percent
    }

    gate('p95 under 500 ms', within: 10.minutes, every: 1.minute) {
        http.get("${params.baseUrl}/internal/metrics?window=5m", timeout: 10.seconds).json.p95Ms < 500
    }

    gate('checkout works end to end', within: 5.minutes, every: 30.seconds) {
        def r = http.post("${params.baseUrl}/internal/synthetic/checkout", timeout: 20.seconds)
        r.status == 200 && r.json?.ok
    }

    step('Tell the team', timeout: 30.seconds) {
        def (current, target) = steps['Pick the version'].value.tokenize(' ')
        notify slack: '#fm5-incidents', text: "FM5 ${params.worker} rolled back to ${target} (from ${current}); all four success criteria hold."
    }

    onFailure { failure ->
        def rolledBack = steps['Roll back']?.ok
        notify slack: '#fm5-incidents', text: "FM5 ${params.worker} rollback FAILED at '${failure.step}': ${failure.message}." +
                (rolledBack ? " The rollback itself happened: the success criteria do not hold — roll forward with a fix or pick an older version (-p versionId=...)." : ' Nothing was changed.')
    }
}
