// StateFlow's rollback.sh as a runbook: stop the api and the worker, pin the previous image tag in the
// production compose file, bring the stack up with that tag, wait until the health check passes, and verify the
// version the api reports. The shell script it replaces did the same with `sed -i` on the compose file,
// `sleep 30` and one `curl -f`; it could not put anything back when the new containers did not come up.
//
//   ./runbook plan examples/stateflow/rollback.groovy
//   ./runbook exec examples/stateflow/rollback.groovy -p previousTag=v2.3.1 --approved-by dana
runbook('stateflow-rollback') {
    title 'StateFlow: roll api and worker back to the previous image tag (was rollback.sh)'
    description 'Docker Compose stack on one host: api, worker and postgres. The database is not touched.'
    owner 'stateflow-team'
    tags 'stateflow', 'compose', 'rollback'
    severity P1

    param 'previousTag', required: true, pattern: ~/v\d+\.\d+\.\d+/,
          description: 'the image tag that last worked: the deploy log, or `docker images stateflow/api`'
    param 'composeFile', default: 'deploy/docker-compose.prod.yml',
          description: 'the production compose file, relative to the folder runbook is started in'
    param 'project', default: 'stateflow', pattern: ~/[a-z0-9][a-z0-9_-]*/, description: 'the Compose project name'
    param 'baseUrl', default: 'http://127.0.0.1:4000', pattern: ~/https?:\/\/[^\s\/]+(\/\S*)?/,
          description: 'where the api answers (no trailing slash)'

    // healthy: the api answers and reaches its database
    health { http "${params.baseUrl}/api/health", expect: 200, json: { it.database == 'connected' } }

    step('Record what runs now', timeout: 1.minute, idempotent: true) {
        def stack = compose(params.composeFile, project: params.project)
        def running = stack.ps()
        running.each { c -> log "${c.service}: ${c.image} (${c.state})" }
        def api = running.find { it.service == 'api' }
        if (api == null) fail "no api container in project '${params.project}' — check composeFile and project"
        if (api.image.endsWith(":${params.previousTag}")) {
            fail "api already runs ${api.image}: there is nothing to roll back — pick an older tag or look elsewhere"
        }
        new File(workdir, 'api-before-rollback.log').text = stack.logs('api', tail: 500).text
        new File(workdir, 'worker-before-rollback.log').text = stack.logs('worker', tail: 500).text
        api.image
    }

    requireApproval P1, reason: 'stops the api and the worker for about a minute', within: 30.minutes

    step('Stop api and worker', timeout: 2.minutes, expected: 20.seconds, idempotent: true) {
        compose(params.composeFile, project: params.project).stop('api', 'worker')
    }

    step('Pin the previous tag', timeout: 30.seconds, idempotent: true) {
        def stack = compose(params.composeFile, project: params.project)
        def api = stack.pinImage('api', params.previousTag)
        def worker = stack.pinImage('worker', params.previousTag)
        log "api ${api.from} → ${api.to}, worker ${worker.from} → ${worker.to} (copy of the file: ${api.backup})"
        "${api.from} ${worker.from}".toString()       // what to put back if the old tag does not start
    }

    step('Pull and start the previous tag', timeout: 5.minutes, expected: 1.minute, retry: 1, backoff: 15.seconds, idempotent: true) {
        def stack = compose(params.composeFile, project: params.project)
        stack.pull('api', 'worker')
        stack.up(detach: true, build: false, services: ['api', 'worker'])
        // When the old images cannot be pulled or started, put the broken release back: a running v-next with a
        // bug serves more users than no api at all.
        onFailure { failure ->
            def (apiImage, workerImage) = steps['Pin the previous tag'].value.tokenize(' ')
            def back = compose(params.composeFile, project: params.project)
            back.pinImage('api', apiImage)
            back.pinImage('worker', workerImage)
            back.up(detach: true, build: false, services: ['api', 'worker'])
            log "put ${apiImage} and ${workerImage} back so that StateFlow is not left down; the rollback did not happen"
        }
    }

    gate health(within: 3.minutes, every: 5.seconds)

    gate('api reports the previous version', within: 1.minute, every: 5.seconds) {
        http.get("${params.baseUrl}/api/version").json?.version == params.previousTag
    }

    step('Worker is running', timeout: 1.minute) {
        def worker = compose(params.composeFile, project: params.project).ps().find { it.service == 'worker' }
        if (worker == null || !worker.running) fail "the worker is not running (${worker?.state ?: 'no container'}) — read its logs: docker compose logs worker"
        log "worker: ${worker.image} ${worker.state}"
    }

    manual 'Sign in to StateFlow as the support test user and move one task across the board'

    // the success message goes last, after every check passed
    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#stateflow-incidents',
               text: "StateFlow rolled back to ${params.previousTag} (was ${steps['Record what runs now'].value}); health and version verified."
    }

    onFailure { failure ->
        notify slack: '#stateflow-incidents',
               text: "StateFlow rollback to ${params.previousTag} FAILED at '${failure.step}': ${failure.message}. " +
                     "Evidence and the compose file copy are in ${workdir}."
    }

    always {
        report 'incident.md'
    }
}
