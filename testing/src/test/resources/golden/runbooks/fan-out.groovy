// Golden journal case: work at once. Top-level forEach (a failing target, continueOnFailure, maxErrors), a parallel
// block, forEach inside a step, and a forEach whose failure ends the run (GoldenJournalSpec).
runbook('golden-fan-out') {
    forEach(['web1', 'web2', 'web3', 'web4'], name: 'Drain web hosts', concurrency: 2, continueOnFailure: true) { host ->
        sh "drain ${host}"
        log "${host} drained"
    }

    // concurrency 1: which targets are not launched after the first failure does not depend on timing
    forEach(['db1', 'db2', 'db3'], name: 'Restart databases', concurrency: 1, maxErrors: 0, continueOnFailure: true) { db ->
        sh "restart-db ${db}"
    }

    parallel('Restart regions') {
        step('Region eu') { sh 'restart-region eu' }
        step('Region us', retry: 1, backoff: 5.seconds) { sh 'restart-region us' }
        step('Region ap', continueOnFailure: true) {
            sh 'restart-region ap'
            onFailure { log 'paging the ap on-call' }
        }
    }

    step('Probe endpoints') {
        def results = forEach(['https://a.test', 'https://b.test', 'https://c.test'], concurrency: 3, continueOnFailure: true) { url ->
            sh("probe ${url}").text
        }
        log "${results.ok.size()} of ${results.size()} answered"
        results.ok.size()
    }

    forEach(['x1', 'x2', 'x3'], name: 'Final checks', concurrency: 3) { x -> sh "final-check ${x}" }

    step('Never reached') { sh 'never-runs' }

    onFailure { failure -> log "fan-out failed at ${failure.step}: ${failure.message}" }
    always { log 'always ran' }
}
