// StateFlow, container-level rollback: one container (the api or the worker) misbehaves after a deploy and the
// rest of the stack is fine. Re-create just that container from the previous image, keeping its env, mounts,
// network and restart policy. The page it replaces said: docker stop, docker rm, then a `docker run` line copied
// from the compose file by hand (and twice the env vars were forgotten).
//
//   ./runbook exec examples/stateflow/container-rollback.groovy -p tag=v2.3.1 [-p container=stateflow-worker-1]
runbook('stateflow-container-rollback') {
    title 'StateFlow: roll one container back to the previous image'
    description 'Re-creates the container from its own configuration with the previous image; the original is kept until the new one has settled.'
    owner 'stateflow-team'
    tags 'stateflow', 'docker', 'rollback'
    severity P2

    param 'container', default: 'stateflow-api-1', pattern: ~/stateflow-(api|worker)-\d+/,
          description: 'the container to roll back, as `docker ps` names it'
    param 'repository', default: 'stateflow/api', pattern: ~/[a-z0-9.\/:-]+/,
          description: 'its image repository (stateflow/worker for the worker)'
    param 'tag', required: true, pattern: ~/v\d+\.\d+\.\d+/, description: 'the previous tag that worked'
    param 'healthUrl', default: 'http://127.0.0.1:4000/api/health', description: 'checked after the rollback'

    health { http params.healthUrl, expect: 200 }

    step('Inspect the container', timeout: 30.seconds, idempotent: true) {
        def box = docker.container(params.container)
        def info = box.inspect()
        log "${info.name}: ${info.image} ${info.status}, restarted ${info.restartCount} times, health ${info.health}"
        if (info.image == "${params.repository}:${params.tag}") {
            fail "${params.container} already runs ${info.image}: nothing to roll back — is it the right container?"
        }
        new File(workdir, "${params.container}-before.log").text = box.logs(tail: 500, since: 30.minutes).text
        info.image
    }

    step('Check the previous image exists', timeout: 30.seconds, idempotent: true) {
        def tags = docker.images(params.repository)*.tag
        if (!(params.tag in tags)) {
            log "${params.repository}:${params.tag} is not on this host (have: ${tags.take(5).join(', ')}); the rollback pulls it"
        }
    }

    requireApproval P2, reason: 're-creates the container: it is gone for a few seconds'

    step('Roll the container back', timeout: 5.minutes, expected: 30.seconds) {
        // rollbackTo keeps the original aside until the new container has run 20 s without exiting or turning
        // unhealthy, and puts it back under its name when it does not: no second attempt here, on purpose.
        def r = docker.container(params.container).rollbackTo("${params.repository}:${params.tag}", settle: 20.seconds)
        log "${r.container}: ${r.from} → ${r.to}"
        onFailure { failure ->
            def now = docker.container(params.container).inspect()
            log "after the failed rollback ${now.name} runs ${now.image} (${now.status}): the original was put back"
        }
    }

    gate health(within: 2.minutes, every: 5.seconds)

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#stateflow-incidents',
               text: "${params.container} rolled back from ${steps['Inspect the container'].value} to ${params.repository}:${params.tag}; health check passes."
    }

    onFailure { failure ->
        notify slack: '#stateflow-incidents',
               text: "Container rollback of ${params.container} to ${params.tag} FAILED at '${failure.step}': ${failure.message}"
    }
}
