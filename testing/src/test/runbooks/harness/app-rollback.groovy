runbook('app-rollback') {
    title 'Roll the API back to the last good image'
    severity P1

    param 'version', required: true, pattern: ~/v\d+\.\d+\.\d+/
    param 'healthUrl', default: 'http://127.0.0.1:4000/health'

    health { http params.healthUrl, expect: 200 }

    requireApproval P1

    step('Capture evidence', timeout: 2.minutes) {
        sh "docker compose logs --tail 200 api > ${workdir}/api.log"
    }

    step('Roll back image', retry: 2, backoff: 10.seconds, timeout: 5.minutes) {
        sh "TAG=${params.version} docker compose up -d --no-build api"
        onFailure { sh 'docker compose restart api' }
    }

    gate health(within: 2.minutes, every: 5.seconds)

    step('Check the database', continueOnFailure: true) {
        def rows = pg.connect('postgres://app@db/app').query('SELECT count(*) AS n FROM pending_jobs')
        log "pending jobs: ${rows[0].n}"
        if (rows[0].n > 100) fail "backlog of ${rows[0].n} jobs"
    }

    manual 'Ask one test user to sign in'

    onFailure { failure ->
        notify slack: '#incidents', text: "Rollback to ${params.version} FAILED at ${failure.step}: ${failure.message}"
    }
    always { notify slack: '#incidents', text: "Rollback to ${params.version} finished" }
}
