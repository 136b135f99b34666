// Turn an application's maintenance mode on or off, through a flag file the proxy checks or an admin endpoint, and
// verify from the outside that users see what they should: the maintenance page (503) or the application.
runbook('app-maintenance-mode') {
    title       'Turn maintenance mode on or off'
    description '''Switches maintenance mode with a flag file the reverse proxy checks (e.g. nginx `if (-f ...) { return 503; }`)
or with a POST to an admin endpoint ({"enabled": true|false}), then polls the public URL until it answers 503 (on) or
below 500 (off). Turning it on takes the site away from users, so it needs a manager's approval; turning it off does
not. If the site does not show the new state, the previous state is put back.'''
    severity    P2
    tags        'maintenance', 'app'
    owner       'platform-team'

    param 'state',     required: true, choices: ['on', 'off'], description: 'on: users see the maintenance page; off: the application again'
    param 'url',       required: true, pattern: ~/https?:\/\/\S+/, description: 'the public URL users open: checked for the new state'
    param 'flagFile',  pattern: ~/\/\S+/, description: 'the flag file the proxy checks (absolute path); or give toggleUrl'
    param 'toggleUrl', pattern: ~/https?:\/\/\S+/, description: 'the admin endpoint that takes {"enabled": true|false}; or give flagFile'
    param 'channel',   default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel told the change'

    step('See what users see now', timeout: 1.minute, idempotent: true) {
        if (!params.flagFile == !params.toggleUrl) fail 'give exactly one of flagFile and toggleUrl: how maintenance mode is switched'
        int status = http.get(params.url).status
        boolean on = status == 503
        log "${params.url} answers $status: maintenance mode looks ${on ? 'on' : 'off'}"
        on ? 'on' : 'off'
    }

    step('Approve taking the site away', when: { params.state == 'on' }, timeout: 30.minutes) {
        requireApproval P2, reason: 'users see the maintenance page until it is turned off'
    }

    step('Switch maintenance mode', timeout: 1.minute, retry: 2, backoff: 5.seconds, idempotent: true) {
        switchTo(params.state, params, { String c -> sh c }, http)
        onFailure { failure ->
            switchTo(steps['See what users see now'].value, params, { String c -> sh c }, http)
            log "switching failed; maintenance mode was set back to ${steps['See what users see now'].value}"
        }
    }

    gate('users see the new state', within: 2.minutes, every: 5.seconds) {
        int status = http.get(params.url).status
        params.state == 'on' ? status == 503 : status < 500
    }

    manual 'Open the public URL in a private browser window: it shows what you switched to'

    step('Tell the team', timeout: 1.minute) {
        notify slack: params.channel, text: "maintenance mode is ${params.state.toUpperCase()} for ${params.url}"
    }

    onFailure { failure ->
        String before = steps['See what users see now'].value
        String state = 'nothing was switched'
        if (steps['Switch maintenance mode'].ok && before && before != params.state) {
            switchTo(before, params, { String c -> sh c }, http)
            state = "the site did not show it, so maintenance mode was set back to $before"
        } else if (steps['Switch maintenance mode'].status == 'failed') {
            state = "maintenance mode was set back to $before"
        }
        notify slack: params.channel, text: "maintenance mode ${params.state} for ${params.url} FAILED at '${failure.step}': ${failure.message} — $state"
    }
}

/** Sets maintenance mode on or off with the mechanism the params name. */
static void switchTo(String state, params, Closure sh, http) {
    if (params.flagFile) {
        sh(state == 'on' ? "touch '${params.flagFile}'" : "rm -f '${params.flagFile}'")
    } else {
        def r = http.post(params.toggleUrl, json: [enabled: state == 'on'])
        if (!(r.status in 200..299)) throw new IllegalStateException("${params.toggleUrl} answered ${r.status}: ${r.body}")
    }
}
