// Put a container back on the previous image: the newest tag of its repository older than the one it runs (or the
// tag given), recreated with the same settings; the docker integration rolls forward by itself when the old image
// does not start.
runbook('docker-image-rollback') {
    title       'Roll a Docker container back to an earlier image'
    description '''Records the image the container runs, picks the tag to go back to (the one given, or the newest tag of
the same repository created before the current one), and after a lead approves recreates the container from that
image with its env, mounts, network, ports and restart policy. If the old image does not start within the settle
time, the original container is put back and the run fails saying so. Then waits for health.'''
    severity    P1
    tags        'docker', 'rollback', 'image'
    owner       'platform-team'

    param 'container', required: true, pattern: ~/[a-zA-Z0-9][a-zA-Z0-9_.-]*/, description: 'the container, by name'
    param 'tag',       pattern: ~/[\w][\w.-]{0,127}/, description: 'the tag to go back to; default: the newest tag created before the current one'
    param 'healthUrl', pattern: ~/https?:\/\/\S+/, description: 'an endpoint that answers 200 when healthy; default: the container health check (or running)'
    param 'channel',   default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel told the outcome'

    health {
        if (params.healthUrl) return http.get(params.healthUrl).status == 200
        def h = docker.container(params.container).health()
        h.status == 'none' ? h.running : h.healthy
    }

    step('Record the current image', timeout: 1.minute, idempotent: true) {
        def info = docker.container(params.container).inspect()
        log "${params.container} runs ${info.image} (${info.status}, health ${info.health})"
        new File(workdir.toString(), "${params.container}.log").text = docker.container(params.container).logs(tail: 500).text
        info.image
    }

    step('Pick the image to go back to', timeout: 1.minute, idempotent: true) {
        String current = steps['Record the current image'].value
        String repository = current.contains(':') && current.lastIndexOf(':') > current.lastIndexOf('/') ? current.substring(0, current.lastIndexOf(':')) : current
        def tags = docker.images(repository)            // newest first
        if (params.tag) {
            String wanted = "$repository:${params.tag}"
            if (wanted == current) fail "${params.container} already runs $wanted: nothing to roll back"
            if (!tags.any { it.tag == params.tag }) log "$wanted is not on this host: it will be pulled"
            return wanted
        }
        def running = tags.find { it.reference == current }
        if (running == null) fail "$current is not among the local images of $repository — give the tag to roll back to: -p tag=..."
        def earlier = tags.find { it.reference != current && it.created != null && it.created < running.created }
        if (earlier == null) fail "no image of $repository older than $current on this host (tags: ${tags*.tag.join(', ')}) — give the tag: -p tag=..."
        log "going back from $current to ${earlier.reference} (created ${earlier.created})"
        earlier.reference
    }

    requireApproval P1, reason: 'recreates a production container on an older image'

    step('Roll back the image', timeout: 3.minutes, expected: 45.seconds) {
        def r = docker.container(params.container).rollbackTo(steps['Pick the image to go back to'].value, settle: 10.seconds)
        log "${params.container}: ${r.from} → ${r.to}"
        onFailure { failure ->
            // the call either completed or put the old container back, and journaled which (state: compensated,
            // unknown…); this handler cannot know, so it says where to look instead of promising either
            log "${params.container}: the rollback from ${steps['Record the current image'].value} failed; its docker call journaled whether the original container was put back (state) — check with docker inspect ${params.container}"
        }
    }

    gate health(within: 3.minutes, every: 5.seconds)

    manual 'Check the service: errors and latency back to their level before the bad release'

    step('Tell the team', timeout: 1.minute) {
        notify slack: params.channel,
               text: "${params.container} rolled back from ${steps['Record the current image'].value} to ${steps['Pick the image to go back to'].value}: healthy"
    }

    onFailure { failure ->
        String state = steps['Roll back the image'].ok
                ? "it now runs ${steps['Pick the image to go back to'].value}, NOT healthy; to return to the image before: " +
                  "docker.container('${params.container}').rollbackTo('${steps['Record the current image'].value}')"
                : "it still runs ${steps['Record the current image'].value ?: 'the image it ran before'}"
        notify slack: params.channel, text: "image rollback of ${params.container} FAILED at '${failure.step}': ${failure.message} — $state"
    }
}
