// Golden journal case: a run that failed, or crashed, then resumed (GoldenJournalSpec).
runbook('golden-resume') {
    param 'release', default: 'r42'

    step('Snapshot', idempotent: true) {
        sh "snapshot ${params.release}"
        'snap-7'
    }

    step('Migrate') { sh "migrate ${params.release}" }

    step('Restart', idempotent: true) {
        sh 'restart-app'
        log "restarted from ${steps['Snapshot'].value}"
    }

    step('Verify') {
        requireApproval role: 'lead', reason: 'opens traffic'
        sh 'verify-release'
    }

    onFailure { failure -> log "failed at ${failure.step}: ${failure.message}" }
    always { log "always: snapshot ${steps['Snapshot'].value}" }
}
