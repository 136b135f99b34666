// Restart a service that is up but stuck, and check that it answers healthy again. If anything goes wrong,
// #incidents hears about it with the step that failed.
//
//   runbook plan restart-api.groovy                                     what would run, nothing executed
//   runbook exec restart-api.groovy -p service=api                      run it (asks a lead to approve)
//   runbook exec restart-api.groovy -p service=api --approved-by alice  approved up front, as automation would
//
// Its spec, RestartApiSpec.groovy beside it, runs it against fakes: `runbook test .`
runbook('restart-api') {
    title 'Restart a service and check that it is healthy again'
    description 'Use when the service runs but stops answering (stuck workers, leaked connections).'
    owner 'platform-team'
    tags 'systemd', 'restart'
    severity P2

    param 'service', required: true, pattern: ~/[A-Za-z0-9@._-]+/, description: 'the systemd unit to restart, e.g. api'
    param 'healthUrl', default: 'http://127.0.0.1:8080/health', description: 'answers {"status":"ok"} when the service is healthy'

    // healthy means: the endpoint answers, and says ok (curl exits non-zero while the service is still starting)
    health {
        def probe = sh "curl -fsS -m 5 '${params.healthUrl}'", quiet: true, okExitCodes: [0, 7, 22, 28, 52, 56]
        probe.exitCode == 0 && probe.stdout.contains('"status":"ok"')
    }

    step('Capture evidence', timeout: 30.seconds) {
        // exit code 3: the unit is not running, which is worth recording too
        sh "systemctl status ${params.service} --no-pager --lines=50", okExitCodes: [0, 3]
    }

    requireApproval P1, reason: 'a restart drops the requests in flight'

    step('Restart', timeout: 2.minutes, retry: 1, backoff: 10.seconds, expected: 30.seconds) {
        sh "systemctl restart ${params.service}"
    }

    gate health(within: 2.minutes, every: 5.seconds)

    onFailure { failure ->
        notify slack: '#incidents',
               text: "Restart of ${params.service} failed at '${failure.step}': ${failure.message}"
    }
}
