// VoxFlow's rollback decision matrix: from what the dashboards show, the incident's severity and what to do.
//
//   | severity | when                                                        | action                                   |
//   | P0       | outage of 5 min or more, 5xx of 25% or more, or data loss   | emergency rollback now, approval after   |
//   | P1       | 5xx of 5% or more, or p95 of 3 s or more                     | roll back within 15 min, a lead approves |
//   | P2       | 5xx of 1% or more, or p95 of 1.5 s or more                   | fix forward within 4 h, else roll back   |
//   | P3       | anything less                                               | monitor; fix in the next release         |
//
//   ./runbook exec examples/voxflow/decision-matrix.groovy -p errorRatePercent=7.5 -p p95Ms=1200 -p outageMinutes=0
//
// The run ends with the call in the journal and #voxflow-incidents; the operator confirms they agree with it.

/** The matrix itself, in one place: [severity, action]. */
static List<String> classify(double errorRatePercent, int p95Ms, int outageMinutes, boolean dataLoss) {
    if (outageMinutes >= 5 || errorRatePercent >= 25 || dataLoss) return ['P0', 'emergency rollback now: examples/voxflow/emergency-rollback.groovy -p mode=manual --severity P0']
    if (errorRatePercent >= 5 || p95Ms >= 3000) return ['P1', 'roll back within 15 minutes: examples/voxflow/app-rollback.groovy (a lead approves)']
    if (errorRatePercent >= 1 || p95Ms >= 1500) return ['P2', 'fix forward within 4 hours; roll back if no fix is deployed by then']
    ['P3', 'monitor; fix in the next release']
}

runbook('voxflow-decision-matrix') {
    title 'VoxFlow: how bad is it, and do we roll back?'
    owner 'voxflow-oncall'
    tags 'voxflow', 'triage'
    severity P3

    param 'errorRatePercent', required: true, pattern: ~/\d+(\.\d+)?/, description: '5xx share of requests over the last 5 minutes, in percent'
    param 'p95Ms', required: true, pattern: ~/\d+/, description: 'p95 latency over the last 5 minutes, in milliseconds'
    param 'outageMinutes', default: '0', pattern: ~/\d+/, description: 'how long the service has been fully down'
    param 'dataLoss', default: 'no', choices: ['no', 'yes'], description: 'are writes being lost or corrupted?'

    step('Classify', timeout: 10.seconds) {
        def (severity, action) = classify(params.errorRatePercent as double, params.p95Ms as int, params.outageMinutes as int, params.dataLoss == 'yes')
        log "${severity}: ${action}"
        "${severity}: ${action}".toString()
    }

    manual 'The call above matches what you see (if not, escalate to the incident commander and say why)'

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#voxflow-incidents',
               text: "Triage: ${steps['Classify'].value} (5xx ${params.errorRatePercent}%, p95 ${params.p95Ms} ms, down ${params.outageMinutes} min, data loss: ${params.dataLoss})"
    }
}
