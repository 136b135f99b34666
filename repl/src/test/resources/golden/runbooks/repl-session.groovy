// Golden journal case: a runbook driven by hand at the REPL (GoldenJournalReplSpec). Its commands run in bash.
runbook('golden-repl') {
    param 'version', required: true, pattern: ~/v\d+\.\d+\.\d+/

    step('Capture evidence') { sh "echo evidence for ${params.version}" }

    step('Deploy') {
        sh "test '${params.version}' = v1.2.4 || { echo '${params.version} is the broken release' >&2; exit 3; }"
        log "deployed ${params.version}"
    }

    step('Warm caches') { sh 'echo warming' }

    requireApproval role: 'lead', reason: 'opens traffic'

    step('Open traffic') { log 'traffic open' }

    onFailure { failure -> log "onFailure: ${failure.step}: ${failure.message}" }
    always { log 'always ran' }
}
