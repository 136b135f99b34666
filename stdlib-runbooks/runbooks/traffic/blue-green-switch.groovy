// Switch a Kubernetes Service between its blue and green Deployments by its selector, after checking the idle
// colour is fully rolled out (and answers a smoke test), and switch straight back when the service is not healthy
// for a sustained minute afterwards. The colour that served before keeps running: switching back is instant.
runbook('traffic-blue-green-switch') {
    title       'Switch traffic between blue and green'
    description '''Reads which colour the Service selects now, checks the Deployment <service>-<to> has every replica
updated and ready (and that smokeUrl, its own address, answers 200), then after a lead approves patches the Service
selector (kubectl patch: the k8s integration has no Service call) and requires healthUrl to stay healthy for a minute.
If it does not, traffic is switched back to the colour before. The old colour is not scaled down: do that when sure.'''
    severity    P1
    tags        'k8s', 'traffic', 'blue-green', 'rollback'
    owner       'platform-team'

    param 'service',     required: true, pattern: ~/[a-z0-9]([-a-z0-9]*[a-z0-9])?/, description: 'the Service users reach; the Deployments are <service>-blue and <service>-green'
    param 'namespace',   default: 'default', pattern: ~/[a-z0-9]([-a-z0-9]*[a-z0-9])?/, description: 'their namespace'
    param 'to',          required: true, choices: ['blue', 'green'], description: 'the colour to send traffic to'
    param 'selectorKey', default: 'color', pattern: ~/[a-zA-Z0-9][\w.\/-]*/, description: 'the label the Service selects the colour by'
    param 'healthUrl',   required: true, pattern: ~/https?:\/\/\S+/, description: 'the public health endpoint, through the Service'
    param 'smokeUrl',    pattern: ~/https?:\/\/\S+/, description: "the target colour's own health endpoint, checked before the switch"
    param 'channel',     default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel told the outcome'

    health { http params.healthUrl, expect: 200 }

    step('Read the live colour', timeout: 1.minute, idempotent: true) {
        String live = sh("kubectl get service ${params.service} -n ${params.namespace} -o go-template='{{index .spec.selector \"${params.selectorKey}\"}}'").text.trim()
        if (!(live in ['blue', 'green'])) fail "service ${params.service} selects ${params.selectorKey}='$live', not blue or green — is it a blue-green service?"
        if (live == params.to) fail "service ${params.service} already sends traffic to ${params.to}"
        log "live: $live; switching to ${params.to}"
        live
    }

    step('Check the target colour is rolled out', timeout: 1.minute, idempotent: true) {
        def s = k8s.deployment("${params.service}-${params.to}", ns: params.namespace).status()
        if (!s.done || s.ready == 0) fail "${params.service}-${params.to} is not ready: ${s.message} (desired ${s.desired}, ready ${s.ready})"
        log "${params.service}-${params.to}: ${s.ready}/${s.desired} ready"
    }

    step('Smoke test the target colour', when: { params.smokeUrl }, timeout: 1.minute, retry: 4, backoff: 5.seconds, idempotent: true) {
        int status = http.get(params.smokeUrl).status
        if (status != 200) fail "${params.smokeUrl} answered $status"
    }

    requireApproval P1, reason: 'moves all production traffic'

    step('Switch traffic', timeout: 1.minute, idempotent: true) {
        patchSelector(params, params.to, { String c -> sh c })
        onFailure { failure ->
            patchSelector(params, steps['Read the live colour'].value, { String c -> sh c })
            log "the switch failed; the selector was set back to ${steps['Read the live colour'].value}"
        }
    }

    gate health(within: 5.minutes, every: 10.seconds, sustain: 1.minute)

    manual 'Watch the error rate and latency dashboards for five minutes: no rise'

    step('Tell the team', timeout: 1.minute) {
        notify slack: params.channel,
               text: "${params.service}: traffic switched from ${steps['Read the live colour'].value} to ${params.to}; " +
                     "${params.service}-${steps['Read the live colour'].value} still runs for a fast switch back"
    }

    onFailure { failure ->
        String before = steps['Read the live colour'].value
        String state = 'traffic was not switched'
        if (steps['Switch traffic'].ok) {
            patchSelector(params, before, { String c -> sh c })
            state = "traffic was switched back to $before"
        } else if (steps['Switch traffic'].status == 'failed') {
            state = "the selector was set back to $before"
        }
        notify slack: params.channel, text: "blue-green switch of ${params.service} to ${params.to} FAILED at '${failure.step}': ${failure.message} — $state"
    }
}

/** Points the Service's colour selector at {@code colour}. */
static void patchSelector(params, String colour, Closure sh) {
    sh "kubectl patch service ${params.service} -n ${params.namespace} --type merge -p '{\"spec\":{\"selector\":{\"${params.selectorKey}\":\"$colour\"}}}'"
}
