// The automated emergency rollback: triage the live metrics with the standard decision matrix, and when they cross
// the rollback thresholds (P0 or P1) announce it, undo the Kubernetes rollout, and tell everyone how it ended.
// Built from two standard runbooks: incident/triage and k8s/rollout-undo, each run as a sub-run with its own journal.
runbook('incident-emergency-rollback') {
    title       'Emergency rollback when the metrics cross the thresholds'
    description '''Meant to be started by an alert. Runs incident/triage on the service's error rate and p95 latency (from
Prometheus, or given); when the verdict is P0 or P1 it posts and pages that a rollback starts, runs k8s/rollout-undo on
the deployment (history, undo, rollout wait, scale-to-zero fallback, autoscaler, health), and reports the result; for
P2 and P3 it rolls nothing back and posts the verdict's action instead. Each step of the rollback has its own time
limit (about 30 minutes in all at worst). Unattended runs need --yes (the rollback's checklist item), --confirm
SCALE-TO-ZERO for the fallback when the rollout does not finish, and either --severity P0 (approval waived once the
team's Slack webhook took the notice) or --approved-by for the lead's approval.'''
    severity    P1
    tags        'incident', 'rollback', 'k8s', 'automated'
    owner       'platform-team'

    // incident/triage's params (passed to it by name)
    param 'service',        required: true, pattern: ~/[\w.-]+/, description: 'the service the incident is about'
    param 'prometheusUrl',  pattern: ~/https?:\/\/\S+/, description: 'Prometheus to read the error rate and p95 from; or give errorRate and p95Ms'
    param 'errorRateQuery', description: 'PromQL for the error rate as a fraction'
    param 'p95Query',       description: 'PromQL for the p95 latency in seconds'
    param 'errorRate',      pattern: ~/0(\.\d+)?|1(\.0+)?/, description: 'the error rate as a fraction, when not read from Prometheus'
    param 'p95Ms',          pattern: ~/\d+/, description: 'the p95 latency in milliseconds, when not read from Prometheus'
    param 'incidentStart',  pattern: ~/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/, description: 'when users were first affected (UTC)'
    // k8s/rollout-undo's params (passed to it by name)
    param 'deployment',     required: true, pattern: ~/[a-z0-9]([-a-z0-9.]*[a-z0-9])?/, description: 'the Deployment to roll back'
    param 'namespace',      default: 'default', pattern: ~/[a-z0-9]([-a-z0-9]*[a-z0-9])?/, description: 'its namespace'
    param 'toRevision',     pattern: ~/[1-9]\d*/, description: 'the revision to return to; default: the previous one'
    param 'hpa',            pattern: ~/[a-z0-9]([-a-z0-9.]*[a-z0-9])?/, description: 'its HorizontalPodAutoscaler, if any'
    param 'healthUrl',      pattern: ~/https?:\/\/\S+/, description: 'an endpoint that answers 200 when the service is healthy'
    param 'channel',        default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel for the verdict and the outcome'

    include 'stdlib:incident/triage', name: 'Triage'

    step('Decide', timeout: 10.seconds, idempotent: true) {
        String sev = steps['Triage'].value.steps()['Decide'].value
        boolean rollback = sev in ['P0', 'P1']
        log(rollback ? "triaged $sev: rolling back ${params.namespace}/${params.deployment}" : "triaged $sev: below the rollback thresholds, nothing is rolled back")
        sev
    }

    step('Announce the rollback', when: { steps['Decide'].value in ['P0', 'P1'] }, timeout: 1.minute) {
        notify slack: params.channel, text: "${steps['Decide'].value} on ${params.service}: automatic rollback of ${params.namespace}/${params.deployment} starts (run ${run.id})"
    }

    include 'stdlib:k8s/rollout-undo', name: 'Roll back', when: { steps['Decide'].value in ['P0', 'P1'] }

    step('Report the result', timeout: 1.minute) {
        String sev = steps['Decide'].value
        if (steps['Roll back'].ok) {
            notify slack: params.channel, text: "${params.service}: ${params.namespace}/${params.deployment} rolled back automatically (${sev}) and healthy"
        } else {
            notify slack: params.channel, text: "${params.service}: triaged ${sev}, no automatic rollback — follow the triage's action"
        }
    }

    onFailure { failure ->
        String what = steps['Roll back'].status == 'failed' ? 'the automatic rollback FAILED' : 'the emergency rollback FAILED'
        notify slack: params.channel, text: "${params.service}: $what at '${failure.step}': ${failure.message} — a human takes over now"
        notify pagerduty: [summary: "${params.service}: $what — take over", severity: 'critical', action: 'trigger',
                           details: [deployment: "${params.namespace}/${params.deployment}", step: failure.step]]
    }
}
