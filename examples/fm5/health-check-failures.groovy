// FM5, "failed health checks by service": probe every service, then do what the page says for the one that fails.
//   api   (Worker fm5-api)    — deployed in the last hour? roll that deploy back (with approval); else look at the errors
//   web   (Pages fm5-web)     — Pages rollback is a button in the dashboard: a person does it, the run waits and checks
//   auth  (Clerk, third party)— nothing of ours to roll back: check their status page, tell users, wait
//   queue (Worker fm5-jobs)   — a stuck consumer: redeploy its current version, watch the backlog drain
//
//   ./runbook exec examples/fm5/health-check-failures.groovy

/**
 * Each service's health check, as the status page probes them; baseUrl, webUrl and authUrl point them elsewhere
 * (staging, or a drill against stand-ins).
 */
static Map<String, String> healthUrls(params) {
    [api  : "${params.baseUrl}/health", web: "${params.webUrl}/health", auth: "${params.authUrl}/health",
     queue: "${params.baseUrl}/internal/queue/health"].collectEntries { name, url -> [name, url.toString()] }
}

runbook('fm5-health-check-failures') {
    title 'FM5: a health check fails — find the service and act on it'
    owner 'fm5-team'
    tags 'fm5', 'cloudflare', 'health'
    severity P2

    param 'baseUrl', default: 'https://api.fm5.app', pattern: ~/https?:\/\/\S+/, description: 'the fm5-api Worker (its health and the queue\'s)'
    param 'webUrl', default: 'https://fm5.app', pattern: ~/https?:\/\/\S+/, description: 'the fm5-web Pages site'
    param 'authUrl', default: 'https://auth.fm5.app', pattern: ~/https?:\/\/\S+/, description: 'sign-in (Clerk)'

    step('Probe every service', timeout: 1.minute, idempotent: true) {
        def failing = healthUrls(params).findAll { name, url ->
            def status = 0
            try { status = http.get(url, timeout: 5.seconds).status } catch (Exception e) { log "${name}: ${e.message}" }
            log "${name.padRight(6)} ${url} → ${status ?: 'no answer'}"
            status != 200
        }.keySet()
        if (!failing) log 'every health check passes now: nothing to do (flapping? look at the uptime history)'
        failing.join(' ')
    }

    // ---- api ------------------------------------------------------------------------------------------------------

    step('api: recent deploy?', timeout: 1.minute, when: { 'api' in steps['Probe every service'].value.tokenize(' ') }) {
        def deployments = wrangler.deployments('fm5-api')
        def last = deployments[0]
        def recent = last.createdOn.isAfter(run.startedAt.minusSeconds(3600))
        log "last deploy of fm5-api: ${last.createdOn} by ${last.author}" + (recent ? ' — within the hour: roll it back' : ' — over an hour ago: not a deploy problem')
        recent && deployments.size() > 1 ? deployments[1].versionId : 'none'
    }

    step('api: roll the deploy back', timeout: 3.minutes, when: { steps['api: recent deploy?']?.value && steps['api: recent deploy?'].value != 'none' }) {
        requireApproval P1, reason: 'rolls fm5-api back to the previous version', within: 30.minutes
        wrangler.rollback('fm5-api', steps['api: recent deploy?'].value, message: 'health check failing after deploy')
    }

    step('api: not a deploy', when: { steps['api: recent deploy?']?.value == 'none' }) {
        manual 'Open Workers › fm5-api › Logs (or `wrangler tail fm5-api --status error`): name the error in #fm5-incidents'
    }

    // ---- web (Pages) ----------------------------------------------------------------------------------------------

    step('web: roll back in the Pages dashboard', when: { 'web' in steps['Probe every service'].value.tokenize(' ') }) {
        manual 'Cloudflare › Pages › fm5-web › Deployments: on the previous production deployment choose "Rollback to this deployment"'
    }

    // ---- auth (third party) ---------------------------------------------------------------------------------------

    step('auth: check the provider', timeout: 1.minute, when: { 'auth' in steps['Probe every service'].value.tokenize(' ') }) {
        def status = http.get('https://status.clerk.com/api/v2/status.json', timeout: 10.seconds).json?.status
        log "Clerk status: ${status?.indicator} — ${status?.description}"
        notify slack: '#fm5-incidents', text: "FM5 sign-in failing; Clerk reports: ${status?.description ?: 'no answer'}. Nothing of ours to roll back; status page updated."
    }

    // ---- queue ----------------------------------------------------------------------------------------------------

    step('queue: restart the consumer', timeout: 3.minutes, when: { 'queue' in steps['Probe every service'].value.tokenize(' ') }) {
        def current = wrangler.deployments('fm5-jobs')[0].versionId
        // a rollback to the version that already serves is a redeploy: the consumer restarts, nothing else changes
        wrangler.rollback('fm5-jobs', current, message: 'restart the stuck queue consumer')
    }

    gate('queue backlog draining', within: 15.minutes, every: 1.minute) {
        !('queue' in steps['Probe every service'].value.tokenize(' ')) ||
                http.get(healthUrls(params).queue, timeout: 5.seconds).json.backlog < 100
    }

    // ---- all ------------------------------------------------------------------------------------------------------

    gate('every health check passes', within: 10.minutes, every: 15.seconds) {
        def failing = steps['Probe every service'].value.tokenize(' ')
        failing.remove('auth')     // the provider's outage is not ours to wait for
        failing.every { name ->
            http.get(healthUrls(params)[name], timeout: 5.seconds).status == 200
        }
    }

    onFailure { failure ->
        notify slack: '#fm5-incidents', text: "FM5 health check runbook FAILED at '${failure.step}': ${failure.message}"
    }
}
