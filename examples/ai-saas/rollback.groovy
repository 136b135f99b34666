// AI SaaS rollback: the seed page's whole procedure in one runbook. Capture evidence first (logs, a metrics
// snapshot, the database's state), tell users, roll back with the method the deployment uses (Kubernetes undo and
// scale, a Compose image pin, or a CI/CD redeploy of the tag), then the post-rollback verification checklist and
// the "resolved" message. The message texts are the page's communication templates.
//
//   ./runbook exec examples/ai-saas/rollback.groovy -p reason='5xx at 7% since v3.8.0' [-p toRevision=41] [-p replicas=6]
//   ./runbook exec examples/ai-saas/rollback.groovy -p method=compose -p tag=v3.7.2 -p reason='...'
//   ./runbook exec examples/ai-saas/rollback.groovy -p method=cicd -p tag=v3.7.2 -p reason='...'   (GITHUB_TOKEN set)
import java.net.URLEncoder
import java.nio.charset.StandardCharsets

/** The communication templates of the seed page (status page and #ai-incidents). */
static String startedMessage(p) {
    "Investigating: AI API errors. We are rolling back the latest release (${p.method}) because: ${p.reason}. " +
            'Chat completions may fail or be slow for a few minutes. Next update within 15 minutes.'
}

static String resolvedMessage(p, String what) {
    "Resolved: the AI API is back on ${what}; error rate and latency are normal again. " +
            'Requests that failed during the incident can be retried. A post-mortem follows within 48 hours.'
}

static Double promValue(http, String prometheus, String query) {
    def r = http.get("${prometheus}/api/v1/query?query=${URLEncoder.encode(query, StandardCharsets.UTF_8)}", timeout: 10.seconds)
    if (r.status != 200) throw new IllegalStateException("Prometheus answered ${r.status}")
    def result = r.json?.data?.result
    result ? (result[0].value[1] as Double) : null
}

runbook('ai-saas-rollback') {
    title 'AI SaaS: capture evidence, roll the API back, verify, communicate'
    description 'Methods: kubernetes (rollout undo, optional scale), compose (pin the image tag), cicd (redeploy a tag through the GitHub Actions deploy workflow).'
    owner 'ai-platform'
    tags 'ai-saas', 'rollback', 'kubernetes', 'compose', 'ci'
    severity P1

    param 'reason', required: true, description: 'why: which trigger fired (goes into the status message)'
    param 'method', default: 'kubernetes', choices: ['kubernetes', 'compose', 'cicd'], description: 'how the API is deployed'
    param 'tag', default: '', pattern: ~/(v\d+\.\d+\.\d+)?/, description: 'compose and cicd: the release to go back to'
    param 'namespace', default: 'prod', pattern: ~/[a-z0-9-]+/, description: 'kubernetes: the namespace'
    param 'deployment', default: 'ai-api', pattern: ~/[a-z0-9-]+/, description: 'kubernetes: the deployment (compose: the service)'
    param 'toRevision', default: '', pattern: ~/\d*/, description: 'kubernetes: the revision to go back to (empty: the previous one)'
    param 'replicas', default: '', pattern: ~/\d*/, description: 'kubernetes: scale to this many after the undo (empty: keep)'
    param 'composeFile', default: 'deploy/docker-compose.prod.yml', description: 'compose: the production compose file'
    param 'repository', default: 'example-ai/platform', pattern: ~/[\w.-]+\/[\w.-]+/, description: 'cicd: the GitHub repository'
    param 'workflow', default: 'deploy.yml', description: 'cicd: the deploy workflow file'
    param 'baseUrl', default: 'https://api.example-ai.com', pattern: ~/https?:\/\/\S+/
    param 'prometheus', default: 'http://prometheus.monitoring:9090', pattern: ~/https?:\/\/\S+/
    secret 'GITHUB_TOKEN', required: false

    health { http "${params.baseUrl}/health", expect: 200, json: { it.status == 'ok' } }

    step('Check the inputs', timeout: 10.seconds) {
        if (params.method in ['compose', 'cicd'] && !params.tag) fail "method ${params.method} needs the release to go back to: -p tag=v1.2.3"
        if (params.method == 'cicd' && !secrets.GITHUB_TOKEN) fail 'method cicd needs GITHUB_TOKEN (a token allowed to run the deploy workflow) in the environment'
    }

    // ---- evidence: best effort, never in the way of the rollback -------------------------------------------------

    step('Save the logs', timeout: 2.minutes, continueOnFailure: true, idempotent: true) {
        def text = params.method == 'kubernetes'
                ? k8s.logs("deployment/${params.deployment}", ns: params.namespace, tail: 2000).text
                : compose(params.composeFile).logs(params.deployment, tail: 2000).text
        new File(workdir, 'api-logs.txt').text = text
        if (params.method == 'kubernetes') {
            new File(workdir, 'k8s-events.txt').text = k8s.events(ns: params.namespace, since: 30.minutes).join('\n')
        }
    }

    step('Save a metrics snapshot', timeout: 1.minute, continueOnFailure: true, idempotent: true) {
        def job = params.deployment
        def snapshot = [
                errorRate : promValue(http, params.prometheus, "sum(rate(http_requests_total{job=\"${job}\",status=~\"5..\"}[5m])) / sum(rate(http_requests_total{job=\"${job}\"}[5m]))"),
                p95Seconds: promValue(http, params.prometheus, "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{job=\"${job}\"}[5m])) by (le))"),
        ]
        new File(workdir, 'metrics-before.txt').text = snapshot.collect { k, v -> "$k=$v" }.join('\n') + '\n'
        log "before the rollback: ${snapshot}"
    }

    step('Save the database state', timeout: 1.minute, continueOnFailure: true, idempotent: true) {
        def db = pg.connect()      // PGHOST, PGUSER, PGPASSWORD, PGDATABASE from the environment
        def state = [
                migration  : db.migrations().current(),
                connections: db.query('SELECT state, count(*) AS n FROM pg_stat_activity GROUP BY state'),
                longRunning: db.query("SELECT pid, now() - query_start AS running_for, left(query, 200) AS query FROM pg_stat_activity WHERE state = 'active' AND now() - query_start > interval '30 seconds'"),
        ]
        new File(workdir, 'database-state.txt').text = state.collect { k, v -> "$k: $v" }.join('\n') + '\n'
        log "schema at ${state.migration}; ${state.longRunning.size()} queries running for over 30 s"
    }

    step('Tell users', timeout: 30.seconds) {
        notify slack: '#ai-incidents', text: startedMessage(params)
        notify webhook: 'https://status.example-ai.com/api/incidents', json: [status: 'investigating', message: startedMessage(params)]
    }

    requireApproval P1, reason: 'rolls the production API back', within: 30.minutes

    // ---- kubernetes ----------------------------------------------------------------------------------------------

    step('Undo the rollout', timeout: 1.minute, when: { params.method == 'kubernetes' }) {
        def api = k8s.deployment(params.deployment, ns: params.namespace)
        api.history().each { log it.toString() }
        def r = params.toRevision ? api.undo(toRevision: params.toRevision as int) : api.undo()
        log "revision ${r.fromRevision} → ${r.toRevision} (${r.images.join(', ')})"
        "revision ${r.toRevision} (${r.images.join(', ')})".toString()
    }

    step('Wait for the rollout', timeout: 6.minutes, when: { params.method == 'kubernetes' }) {
        k8s.deployment(params.deployment, ns: params.namespace).status(wait: 5.minutes)
        onFailure { failure ->
            // what a person needs next: which pods are not ready, and why
            k8s.pods(ns: params.namespace, selector: "app=${params.deployment}").findAll { !it.ready }.each { log "not ready: ${it.name} ${it.status}" }
            k8s.events(ns: params.namespace, since: 10.minutes).findAll { it.type == 'Warning' }.each { log "${it.reason}: ${it.message}" }
            log "the undo is applied but not finished; kubectl -n ${params.namespace} rollout status deployment/${params.deployment} shows where it stands"
        }
    }

    step('Scale', timeout: 6.minutes, when: { params.method == 'kubernetes' && params.replicas }) {
        def api = k8s.deployment(params.deployment, ns: params.namespace)
        def change = api.scale(params.replicas as int)
        log "replicas ${change.before} → ${change.after}"
        api.status(wait: 5.minutes)
    }

    // ---- compose -------------------------------------------------------------------------------------------------

    step('Pin the image', timeout: 30.seconds, when: { params.method == 'compose' }, idempotent: true) {
        def pin = compose(params.composeFile).pinImage(params.deployment, params.tag)
        log "${pin.from} → ${pin.to} (copy of the file: ${pin.backup})"
        pin.from
    }

    step('Start the pinned image', timeout: 5.minutes, when: { params.method == 'compose' }, idempotent: true) {
        def stack = compose(params.composeFile)
        stack.pull(params.deployment)
        stack.up(services: [params.deployment])
        onFailure { failure ->
            def back = compose(params.composeFile)
            back.pinImage(params.deployment, steps['Pin the image'].value)
            back.up(services: [params.deployment])
            log "${params.tag} did not start: ${steps['Pin the image'].value} runs again"
        }
    }

    // ---- CI/CD ---------------------------------------------------------------------------------------------------

    step('Trigger the deploy workflow', timeout: 1.minute, when: { params.method == 'cicd' }) {
        def r = http.post("https://api.github.com/repos/${params.repository}/actions/workflows/${params.workflow}/dispatches",
                headers: [Authorization: "Bearer ${secrets.GITHUB_TOKEN}", Accept: 'application/vnd.github+json'],
                json: [ref: 'main', inputs: [tag: params.tag, reason: "rollback: ${params.reason}"]])
        if (r.status != 204) fail "GitHub refused the workflow dispatch: ${r.status} ${r.body}"
    }

    // gates have no when: — for the other methods this one passes at its first poll without asking GitHub
    gate('deploy workflow finished (cicd)', within: 20.minutes, every: 20.seconds) {
        if (params.method != 'cicd') return true
        def runs = http.get("https://api.github.com/repos/${params.repository}/actions/workflows/${params.workflow}/runs?event=workflow_dispatch&per_page=1",
                headers: [Authorization: "Bearer ${secrets.GITHUB_TOKEN}"]).json.workflow_runs
        runs && runs[0].status == 'completed'
    }

    step('Deploy workflow succeeded', timeout: 30.seconds, when: { params.method == 'cicd' }) {
        def last = http.get("https://api.github.com/repos/${params.repository}/actions/workflows/${params.workflow}/runs?event=workflow_dispatch&per_page=1",
                headers: [Authorization: "Bearer ${secrets.GITHUB_TOKEN}"]).json.workflow_runs[0]
        if (last.conclusion != 'success') fail "the deploy workflow ended ${last.conclusion}: ${last.html_url}"
    }

    // ---- post-rollback verification checklist --------------------------------------------------------------------

    gate health(within: 5.minutes, every: 10.seconds)

    gate('5xx rate under 1% for 5 minutes', within: 15.minutes, every: 30.seconds, sustain: 5.minutes) {
        def rate = promValue(http, params.prometheus, "sum(rate(http_requests_total{job=\"${params.deployment}\",status=~\"5..\"}[2m])) / sum(rate(http_requests_total{job=\"${params.deployment}\"}[2m]))")
        rate != null && rate < 1.percent
    }

    gate('p95 under 1 s', within: 10.minutes, every: 30.seconds) {
        def p95 = promValue(http, params.prometheus, "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{job=\"${params.deployment}\"}[2m])) by (le))")
        p95 != null && p95 < 1.0
    }

    manual 'Send one chat completion from the web app: the answer streams within 2 s'
    manual 'Billing: today\'s usage on the admin page still grows (the metering worker keeps up)'

    step('Tell users it is resolved', timeout: 30.seconds) {
        def what = params.method == 'kubernetes' ? steps['Undo the rollout'].value : params.tag
        notify slack: '#ai-incidents', text: resolvedMessage(params, what)
        notify webhook: 'https://status.example-ai.com/api/incidents', json: [status: 'resolved', message: resolvedMessage(params, what)]
    }

    onFailure { failure ->
        notify slack: '#ai-incidents', text: "AI API rollback (${params.method}) FAILED at '${failure.step}': ${failure.message}. Evidence: ${workdir}"
        notify pagerduty: [summary: "AI API rollback failed at ${failure.step}", severity: 'critical']
    }

    always { report 'incident.md' }
}
