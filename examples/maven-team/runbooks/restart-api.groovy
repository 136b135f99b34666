// Restart a stuck service and check that it answers healthy again; #incidents hears about a failure.
// Its spec, RestartApiSpec.groovy beside it, runs it against fakes: `mvn test` (or `runbook test runbooks/`).
runbook('restart-api') {
    title 'Restart the payments API and check that it is healthy again'
    severity P2

    param 'service', required: true, pattern: ~/[A-Za-z0-9@._-]+/
    param 'healthUrl', default: 'http://127.0.0.1:8080/health'

    health { http.get(params.healthUrl).status == 200 }

    step('Capture evidence', timeout: 30.seconds) {
        sh "systemctl status ${params.service} --no-pager --lines=50", okExitCodes: [0, 3]
    }

    step('Restart', timeout: 2.minutes, retry: 1, backoff: 10.seconds) {
        sh "systemctl restart ${params.service}"
    }

    gate health(within: 2.minutes, every: 5.seconds)

    onFailure { failure ->
        notify slack: '#incidents', text: "Restart of ${params.service} failed at '${failure.step}': ${failure.message}"
    }
}
