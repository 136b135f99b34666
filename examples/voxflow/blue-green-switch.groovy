// VoxFlow, blue-green switch: both slots run (voxflow-blue, voxflow-green); the `voxflow` Service sends traffic
// to the one its selector names. A rollback is sending traffic back to the other slot, which still runs the
// previous release. The page said: kubectl patch service ... and "watch Grafana for 10 minutes".
//
//   ./runbook exec examples/voxflow/blue-green-switch.groovy            (to whichever slot is idle)
runbook('voxflow-blue-green-switch') {
    title 'VoxFlow: send traffic back to the idle slot (blue-green)'
    owner 'voxflow-oncall'
    tags 'voxflow', 'kubernetes', 'blue-green'
    severity P1

    param 'namespace', default: 'voxflow', pattern: ~/[a-z0-9-]+/
    param 'service', default: 'voxflow', pattern: ~/[a-z0-9-]+/, description: 'the Service whose selector picks the slot'
    param 'publicUrl', default: 'https://api.voxflow.io', pattern: ~/https?:\/\/\S+/

    health { http "${params.publicUrl}/health", expect: 200 }

    step('Find the live and the idle slot', timeout: 30.seconds, idempotent: true) {
        def live = sh("kubectl -n ${params.namespace} get service ${params.service} -o jsonpath='{.spec.selector.slot}'", quiet: true).text
        if (!(live in ['blue', 'green'])) fail "the Service selects slot '${live}', expected blue or green — look at it: kubectl -n ${params.namespace} get service ${params.service} -o yaml"
        def idle = live == 'blue' ? 'green' : 'blue'
        log "live: ${live}, switching to: ${idle}"
        idle
    }

    step('The idle slot is ready', timeout: 1.minute, idempotent: true) {
        def idle = steps['Find the live and the idle slot'].value
        def s = k8s.deployment("voxflow-${idle}", ns: params.namespace).status()
        if (s.ready < 1 || s.ready < s.desired) fail "voxflow-${idle} has ${s.ready} of ${s.desired} pods ready: switching would send traffic nowhere"
        def r = http.get("http://voxflow-${idle}.${params.namespace}.svc.cluster.local/health", timeout: 5.seconds)
        if (r.status != 200) fail "voxflow-${idle} answers ${r.status} on /health"
        log "voxflow-${idle}: ${s.ready}/${s.desired} ready, healthy"
    }

    requireApproval P1, reason: 'moves all production traffic to the other slot', within: 15.minutes

    step('Switch the traffic', timeout: 30.seconds) {
        def idle = steps['Find the live and the idle slot'].value
        sh "kubectl -n ${params.namespace} patch service ${params.service} -p '{\"spec\":{\"selector\":{\"app\":\"voxflow\",\"slot\":\"${idle}\"}}}'"
    }

    gate health(within: 2.minutes, every: 5.seconds)

    gate('5xx under 1% for 5 minutes', within: 10.minutes, every: 30.seconds, sustain: 5.minutes) {
        (http.get("${params.publicUrl}/internal/metrics/error-rate?window=1m").json?.rate ?: 1.0) < 1.percent
    }

    manual 'Grafana "VoxFlow edge": the request graph shows traffic only on the new slot'

    step('Tell the team', timeout: 30.seconds) {
        def idle = steps['Find the live and the idle slot'].value
        notify slack: '#voxflow-incidents', text: "VoxFlow traffic switched to ${idle}. The other slot keeps running the bad release for the post-mortem; scale it down when done."
    }

    onFailure { failure ->
        def target = steps['Find the live and the idle slot']?.value
        if (steps['Switch the traffic']?.ok) {
            // traffic moved but the new slot is not good: send it back where it was
            def back = target == 'blue' ? 'green' : 'blue'
            sh "kubectl -n ${params.namespace} patch service ${params.service} -p '{\"spec\":{\"selector\":{\"app\":\"voxflow\",\"slot\":\"${back}\"}}}'"
            log "traffic is back on ${back}"
        }
        notify slack: '#voxflow-incidents', text: "VoxFlow blue-green switch FAILED at '${failure.step}': ${failure.message}" +
                (steps['Switch the traffic']?.ok ? '. Traffic was switched back.' : '. Traffic was not moved.')
    }
}
