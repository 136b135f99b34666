// HotDash maintenance mode: the app serves a "back soon" page (503) while MAINTENANCE_MODE is true. Setting a Fly
// secret restarts the machines, so the gate waits until the public site shows the change.
//
//   ./runbook exec examples/hotdash/maintenance-mode.groovy -p state=on --severity P1
//   ./runbook exec examples/hotdash/maintenance-mode.groovy -p state=off
runbook('hotdash-maintenance-mode') {
    title 'HotDash: turn maintenance mode on or off'
    owner 'hotdash-eng'
    tags 'hotdash', 'fly', 'maintenance'
    severity P2

    param 'state', required: true, choices: ['on', 'off']
    param 'app', default: 'hotdash', pattern: ~/[a-z0-9-]+/
    param 'siteUrl', default: 'https://hotdash.fly.dev', pattern: ~/https?:\/\/\S+/

    step('Approve taking the site down', when: { params.state == 'on' }) {
        // P3 means the run's own severity rule (runbook.team.groovy): P0 none, P1 a lead, P2 a manager
        requireApproval P3, reason: 'every customer sees the maintenance page', within: 30.minutes
    }

    step('Set MAINTENANCE_MODE', timeout: 5.minutes, expected: 1.minute, retry: 1, backoff: 15.seconds, idempotent: true) {
        sh "flyctl secrets set MAINTENANCE_MODE=${params.state == 'on'} --app ${params.app}"
    }

    gate('the site shows the change', within: 3.minutes, every: 5.seconds) {
        def r = http.get("${params.siteUrl}/", timeout: 5.seconds)
        params.state == 'on' ? r.status == 503 && r.body?.contains('maintenance') : r.status == 200
    }

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#hotdash-incidents', text: "HotDash maintenance mode is ${params.state.toUpperCase()}."
    }

    onFailure { failure ->
        notify slack: '#hotdash-incidents', text: "Turning HotDash maintenance mode ${params.state} FAILED at '${failure.step}': ${failure.message}. Check ${params.siteUrl} by hand."
    }
}
