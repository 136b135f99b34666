// Golden journal case: a run that fails, with every handler and most node kinds on its way (GoldenJournalSpec).
// Changing this file changes its golden journal: run the spec with RUNBOOK_GOLDEN_UPDATE=1 and review the diff.
runbook('golden-failing-run') {
    severity P2
    param 'service', default: 'api'
    param 'prepare', default: 'no', choices: ['yes', 'no']

    step('Prepare', when: { params.prepare == 'yes' }) { sh 'prepare-maintenance' }

    step('Warm caches', continueOnFailure: true) {
        sh "warm-caches ${params.service}"
        onFailure { failure -> log "caches stay cold: ${failure.message}" }
    }

    gate('queue drained', within: 1.minute, every: 5.seconds) {
        http.get('http://queue.test/depth').json.depth == 0
    }

    requireApproval role: 'lead', reason: 'restarts production'

    manual 'Tell #incidents that the api restarts'

    confirm 'RESTART', prompt: 'the api restarts now'

    include 'restart-service.groovy', with: [service: { params.service }], continueOnFailure: true

    step('Flush CDN', retry: 2, backoff: 10.seconds) {
        sh 'flush-cdn --all'
        onFailure { failure -> log "CDN flush failed after ${failure.attempts} attempts: ${failure.message}" }
    }

    step('Never reached') { sh 'never-runs' }

    onFailure { failure ->
        log "failed at ${failure.step} (${failure.kind}, ${failure.attempts} attempts)"
        notify slack: '#incidents', text: "golden-failing-run failed at ${failure.step}: ${failure.message}"
    }

    always { log "always: Flush CDN is ${steps['Flush CDN'].status}" }
}
