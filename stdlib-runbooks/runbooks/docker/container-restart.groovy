// Bring a sick container back, one rung of the ladder at a time: graceful restart → health → force recreate (same
// image, same settings) → health → nuclear reset (a fresh container, anonymous volumes gone) behind confirm RESET.
// Each rung runs only when the one before did not bring the container back to health.
runbook('docker-container-restart') {
    title       'Restart a Docker container, escalating until it is healthy'
    description '''Captures the container's state and last logs, restarts it gracefully and waits for its health. If it
stays unhealthy: recreates it from the same image and settings (lead approval). If it is still unhealthy: removes it
with its anonymous volumes and starts a fresh one from the image, with the same env, network, restart policy and
mounts (the operator types RESET). Health: the container's own health check, or healthUrl when given.'''
    severity    P2
    tags        'docker', 'restart', 'container'
    owner       'platform-team'

    param 'container', required: true, pattern: ~/[a-zA-Z0-9][a-zA-Z0-9_.-]*/, description: 'the container, by name'
    param 'healthUrl', pattern: ~/https?:\/\/\S+/, description: 'an endpoint that answers 200 when the service is healthy; default: the container health check (or running, when it has none)'
    param 'stopTimeout', default: '30', pattern: ~/\d{1,3}/, description: 'seconds the container gets to stop before it is killed'
    param 'channel',   default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel told the outcome'

    health { healthy(params, http, docker) }

    step('Capture evidence', timeout: 2.minutes, idempotent: true) {
        def c = docker.container(params.container)
        def info = c.inspect()
        log "${params.container}: ${info.image}, ${info.status}, restarted ${info.restartCount} times, health ${info.health}"
        new File(workdir.toString(), "${params.container}.log").text = c.logs(tail: 500).text
        info.image
    }

    step('Restart gracefully', timeout: 2.minutes, expected: 30.seconds, retry: 1, backoff: 5.seconds, idempotent: true) {
        docker.container(params.container).restart(timeout: params.stopTimeout as int)
    }

    // A gate that does not end the run: each attempt is one poll, in virtual time under test.
    step('Healthy after the restart', timeout: 30.seconds, retry: 11, backoff: 5.seconds, continueOnFailure: true, idempotent: true) {
        if (!healthy(params, http, docker)) fail "${params.container} is not healthy after the graceful restart"
    }

    step('Approve recreating', when: { !steps['Healthy after the restart'].ok }, timeout: 30.minutes) {
        requireApproval P1, reason: 'recreates the container (its writable layer is lost)'
    }

    // recreate(), not rollbackTo(the same image): that one does nothing when the image already runs, and the ladder
    // went on to the nuclear reset, which deletes volumes.
    step('Force recreate', when: { !steps['Healthy after the restart'].ok }, timeout: 3.minutes, expected: 1.minute) {
        def result = docker.container(params.container).recreate(settle: 10.seconds, stopTimeout: params.stopTimeout as int)
        log result.toString()
        onFailure { failure ->
            log "recreating ${params.container} failed: ${failure.message}"
        }
    }

    step('Healthy after recreating', when: { steps['Force recreate'].ok }, timeout: 30.seconds, retry: 11, backoff: 5.seconds,
         continueOnFailure: true, idempotent: true) {
        if (!healthy(params, http, docker)) fail "${params.container} is not healthy after it was recreated"
    }

    step('Nuclear reset', when: { steps['Force recreate'].ok && !steps['Healthy after recreating'].ok },
         timeout: 10.minutes, expected: 1.minute) {
        def info = docker.container(params.container).inspect()
        log "a fresh ${params.container} from ${info.image}: its anonymous volumes and writable layer are deleted; named volumes and binds are kept"
        confirm 'RESET'
        docker.container(params.container).remove(force: true, volumes: true)
        docker.run(info.image, name: params.container, env: info.env, network: info.networkMode,
                   restart: info.restartPolicy, volumes: info.mounts)
        onFailure { failure ->
            def left = docker.ps(all: true, name: params.container)
            log(left ? "${params.container} is there (${left*.state.join(', ')}), not healthy"
                     : "${params.container} was REMOVED and not started again — start it: docker run -d --name ${params.container} ${steps['Capture evidence'].value}")
        }
    }

    gate health(within: 2.minutes, every: 5.seconds)

    step('Tell the team', timeout: 1.minute) {
        def rung = steps['Nuclear reset'].ok ? 'a nuclear reset' : steps['Force recreate'].ok ? 'recreating it' : 'a graceful restart'
        notify slack: params.channel, text: "${params.container} is healthy again after $rung"
    }

    onFailure { failure ->
        notify slack: params.channel,
               text: "restart of ${params.container} FAILED at '${failure.step}': ${failure.message} — evidence in ${workdir}"
    }
}

/** One look at the container's health: the health URL when given, else the container's own check. */
static boolean healthy(params, http, docker) {
    if (params.healthUrl) return http.get(params.healthUrl).status == 200
    def h = docker.container(params.container).health()
    h.status == 'none' ? h.running : h.healthy
}
