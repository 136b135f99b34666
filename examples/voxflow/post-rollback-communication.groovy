// VoxFlow, post-rollback communication: the page's checklist after any rollback, with its templates. Internal
// update, status page "resolved", the customer e-mail for affected workspaces (support sends it), the PagerDuty
// incident resolved, and the post-mortem scheduled.
//
//   ./runbook exec examples/voxflow/post-rollback-communication.groovy -p release=v5.13.0 -p rolledBackTo=v5.12.3 \
//       -p impact='uploads failed for 18 minutes' -p started=09:40 -p ended=09:58
runbook('voxflow-post-rollback-communication') {
    title 'VoxFlow: tell everyone after a rollback'
    owner 'voxflow-oncall'
    tags 'voxflow', 'communication'
    severity P2

    param 'release', required: true, pattern: ~/v\d+\.\d+\.\d+/, description: 'the release that was rolled back'
    param 'rolledBackTo', required: true, pattern: ~/v\d+\.\d+\.\d+/
    param 'impact', required: true, description: 'what users saw, in one sentence'
    param 'started', required: true, pattern: ~/\d\d:\d\d/, description: 'UTC'
    param 'ended', required: true, pattern: ~/\d\d:\d\d/, description: 'UTC'
    param 'statuspageIncident', default: '', pattern: ~/[a-z0-9]*/, description: 'the Statuspage incident id, if one was opened'
    secret 'STATUSPAGE_TOKEN', required: false

    step('Internal update', timeout: 30.seconds) {
        notify slack: '#voxflow-incidents', required: true,
               text: "Rolled back ${params.release} → ${params.rolledBackTo}. Impact: ${params.impact} (${params.started}–${params.ended} UTC). " +
                     "Owner of the fix: the release's author. Post-mortem within 48 h."
    }

    step('Status page: resolved', timeout: 1.minute, retry: 2, backoff: 10.seconds, when: { params.statuspageIncident }) {
        def r = http.patch("https://api.statuspage.io/v1/pages/voxflow/incidents/${params.statuspageIncident}",
                headers: [Authorization: "OAuth ${secrets.STATUSPAGE_TOKEN}"],
                json: [incident: [status: 'resolved', body: "We rolled back a change that caused: ${params.impact}. Everything works normally since ${params.ended} UTC."]])
        if (r.status != 200) fail "Statuspage answered ${r.status}: ${r.body}"
    }

    manual 'Support: send the "service disruption" e-mail to the workspaces with failed uploads (Support › Templates › Disruption)'
    manual 'Calendar: post-mortem booked within 48 h with the release author, on-call and support'

    step('Resolve the page', timeout: 30.seconds) {
        notify pagerduty: [summary: "VoxFlow: ${params.release} rolled back to ${params.rolledBackTo}", action: 'resolve']
    }

    onFailure { failure ->
        log "communication incomplete at '${failure.step}': ${failure.message} — do the rest by hand from the page"
    }
}
