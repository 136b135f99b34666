// Roll one Compose service back to a stable tag: pin the tag in the compose file (a copy of the file is kept), pull,
// up, verify. Every failure after the pin puts the file back as it was, so the next `up` does not surprise anyone.
runbook('compose-service-rollback') {
    title       'Roll a Docker Compose service back to a stable image tag'
    description '''Pins the service's image to the stable tag in the compose file (the integration keeps a dated copy of the
file), pulls it, recreates the service with `up -d --no-build`, and checks that its containers run that tag and are
healthy. If the pull or the up fails, the previous tag is pinned again (and, after a failed up, started again).'''
    severity    P1
    tags        'compose', 'docker', 'rollback'
    owner       'platform-team'

    param 'service',   required: true, pattern: ~/[a-zA-Z0-9][a-zA-Z0-9_.-]*/, description: 'the Compose service to roll back'
    param 'tag',       required: true, pattern: ~/[\w][\w.-]{0,127}/, description: 'the stable tag to pin (the last known good release)'
    param 'file',      default: 'docker-compose.yml', description: 'the compose file'
    param 'project',   pattern: ~/[a-z0-9][a-z0-9_-]*/, description: 'the Compose project name; default: as Compose derives it'
    param 'healthUrl', pattern: ~/https?:\/\/\S+/, description: 'an endpoint that answers 200 when healthy; default: the containers report healthy (or running)'
    param 'channel',   default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel told the outcome'

    health {
        if (params.healthUrl) return http.get(params.healthUrl).status == 200
        def mine = stack(compose, params).ps().findAll { it.service == params.service }
        mine && mine.every { it.running && (it.health in [null, '', 'healthy']) }
    }

    step('Record the service', timeout: 1.minute, idempotent: true) {
        def mine = stack(compose, params).ps().findAll { it.service == params.service }
        if (!mine) fail "no container of service '${params.service}' in ${params.file} — check the service name and the compose file"
        mine.each { log "${it.name}: ${it.image}, ${it.state}${it.health ? ', ' + it.health : ''}" }
        new File(workdir.toString(), "${params.service}.log").text = stack(compose, params).logs(params.service, tail: 500).text
        mine[0].image
    }

    requireApproval P1, reason: 'changes the image of a production service'

    step('Pin the stable tag', timeout: 30.seconds) {
        def pin = stack(compose, params).pinImage(params.service, params.tag)
        log "${params.service}: ${pin.from} → ${pin.to} in ${pin.file} (copy of the file before: ${pin.backup})"
        pin.from
    }

    step('Pull the image', timeout: 5.minutes, expected: 1.minute, retry: 2, backoff: 15.seconds, idempotent: true) {
        stack(compose, params).pull(params.service)
        onFailure { failure ->
            stack(compose, params).pinImage(params.service, steps['Pin the stable tag'].value)
            log "the pull failed: ${params.file} pins ${steps['Pin the stable tag'].value} again; the running containers were not touched"
        }
    }

    step('Recreate the service', timeout: 3.minutes, expected: 30.seconds) {
        stack(compose, params).up(detach: true, build: false, services: [params.service])
        onFailure { failure ->
            def s = stack(compose, params)
            s.pinImage(params.service, steps['Pin the stable tag'].value)
            s.up(detach: true, build: false, services: [params.service])
            log "up failed: ${params.service} was started again on ${steps['Pin the stable tag'].value}, the tag it had"
        }
    }

    gate('the service runs the stable tag', within: 2.minutes, every: 5.seconds) {
        def mine = stack(compose, params).ps().findAll { it.service == params.service }
        mine && mine.every { it.running && it.image.endsWith(':' + params.tag) }
    }

    gate health(within: 3.minutes, every: 5.seconds)

    manual 'Check the service: errors and latency back to their level before the bad release'

    step('Tell the team', timeout: 1.minute) {
        notify slack: params.channel,
               text: "${params.service} rolled back from ${steps['Record the service'].value} to tag ${params.tag}: healthy; ${params.file} pins ${params.tag}"
    }

    onFailure { failure ->
        String state
        if (!steps['Pin the stable tag'].ok) state = "${params.file} unchanged"
        else if (steps['Pull the image'].status == 'failed' || steps['Recreate the service'].status == 'failed') {
            state = "${params.file} pins ${steps['Pin the stable tag'].value} again, as before"
        } else state = "${params.file} pins ${params.tag} and the service was recreated on it — it is NOT healthy"
        notify slack: params.channel, text: "rollback of ${params.service} to ${params.tag} FAILED at '${failure.step}': ${failure.message} — $state"
    }
}

/** The Compose project the params name. */
static stack(compose, params) {
    params.project ? compose(params.file, project: params.project) : compose(params.file)
}
