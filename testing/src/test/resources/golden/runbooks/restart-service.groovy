// Included by failing-run.groovy: a sub-run whose health gate never passes, with its own handlers.
runbook('restart-service') {
    param 'service', required: true

    step('Restart') { sh "restart ${params.service}" }

    gate('service healthy', within: 30.seconds, every: 10.seconds) {
        http.get("http://${params.service}.test/health").status == 200
    }

    onFailure { failure -> log "restart-service failed at ${failure.step}" }
    always { log 'restart-service done' }
}
