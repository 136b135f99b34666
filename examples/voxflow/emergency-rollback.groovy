// VoxFlow, emergency rollback, both ways the page describes:
//   mode=automated — run by the alerting webhook every minute during a deploy: when the 5xx rate is over 10% or
//                    p95 over 3 s, it pages, rolls the api back (rollout undo) within 5 minutes and says how it went;
//                    when the numbers are fine it does nothing and succeeds;
//   mode=manual    — a person saw it first: they type EMERGENCY and the same rollback runs.
// It is a P0 runbook: no approval waits; the waiver is journaled and the team is told after.
//
//   ./runbook exec examples/voxflow/emergency-rollback.groovy -p mode=automated --yes
//   ./runbook exec examples/voxflow/emergency-rollback.groovy -p mode=manual
runbook('voxflow-emergency-rollback') {
    title 'VoxFlow: emergency rollback of the api (automated on thresholds, or manual)'
    owner 'voxflow-oncall'
    tags 'voxflow', 'kubernetes', 'emergency'
    severity P0

    param 'mode', required: true, choices: ['automated', 'manual']
    param 'namespace', default: 'voxflow', pattern: ~/[a-z0-9-]+/
    param 'publicUrl', default: 'https://api.voxflow.io', pattern: ~/https?:\/\/\S+/

    step('Read the metrics', timeout: 30.seconds, when: { params.mode == 'automated' }) {
        def m = http.get("${params.publicUrl}/internal/metrics/summary?window=3m", timeout: 10.seconds).json
        log "5xx ${m.errorRate * 100}%, p95 ${m.p95Ms} ms"
        def breached = m.errorRate > 10.percent || m.p95Ms > 3000
        breached ? "5xx ${m.errorRate * 100}%, p95 ${m.p95Ms} ms".toString() : 'fine'
    }

    step('Confirm the emergency', when: { params.mode == 'manual' }) {
        confirm 'EMERGENCY'    // rolls the api back to the previous revision now, without approval
    }

    // in automated mode the rest only runs when a threshold was crossed
    step('Page the on-call', timeout: 30.seconds, when: { params.mode == 'manual' || steps['Read the metrics'].value != 'fine' }) {
        def why = params.mode == 'manual' ? "manual, by ${run.operator}" : steps['Read the metrics'].value
        notify pagerduty: [summary: "VoxFlow emergency rollback started (${why})", severity: 'critical']
        notify slack: '#voxflow-incidents', text: "EMERGENCY ROLLBACK of the api started (${why})."
    }

    step('Roll the api back', timeout: 5.minutes, expected: 2.minutes, when: { params.mode == 'manual' || steps['Read the metrics'].value != 'fine' }) {
        // P0: the policy waives the approval; the waiver is journaled and the team is told after
        requireApproval P0, reason: 'emergency rollback'
        def api = k8s.deployment('api', ns: params.namespace)
        def r = api.undo()
        log "revision ${r.fromRevision} → ${r.toRevision}"
        api.status(wait: 4.minutes)
        "${r.fromRevision} → ${r.toRevision}".toString()
    }

    // gates have no when: — without a rollback there is nothing to wait for
    gate('api healthy after the rollback', within: 2.minutes, every: 5.seconds) {
        !steps['Roll the api back']?.ok || http.get("${params.publicUrl}/health", timeout: 5.seconds).status == 200
    }

    step('Say how it went', timeout: 30.seconds, when: { steps['Roll the api back']?.ok }) {
        notify slack: '#voxflow-incidents', text: "Emergency rollback done: api revision ${steps['Roll the api back'].value}; health check passes. Post-rollback communication: examples/voxflow/post-rollback-communication.groovy"
        notify pagerduty: [summary: 'VoxFlow emergency rollback done', action: 'resolve']
    }

    onFailure { failure ->
        notify slack: '#voxflow-incidents', text: "EMERGENCY ROLLBACK FAILED at '${failure.step}': ${failure.message}. Escalate to the incident commander now."
        notify pagerduty: [summary: "VoxFlow emergency rollback FAILED at ${failure.step}", severity: 'critical']
    }
}
