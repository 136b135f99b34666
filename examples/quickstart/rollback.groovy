// The quickstart: the demo service's v1.2.4 release is broken (GET /health answers 500). Roll it back to a
// known good version, verify, and if anything goes wrong put the previous release back and say so.
//
//   ./runbook exec examples/quickstart/rollback.groovy -p version=v1.2.3 --yes
runbook('quickstart-rollback') {
    title 'Roll the demo service back to a known good version'
    description 'The demo service runs as a local process on 127.0.0.1; examples/quickstart/demo.sh deploys it.'
    owner 'platform-team'
    tags 'demo', 'quickstart'
    severity P2

    param 'version', required: true, pattern: ~/v\d+\.\d+\.\d+/, description: 'the last known good release'
    param 'port', default: '4000', pattern: ~/\d{2,5}/, description: 'where the demo service listens'

    step('Simulate the incident (demo only)', expected: 10.seconds, timeout: 1.minute) {
        // A real runbook has no such step: here it makes sure the broken v1.2.4 is what runs.
        sh "'${runbookDir}/demo.sh' ensure v1.2.4 ${params.port}"
    }

    step('Capture evidence', expected: 5.seconds, timeout: 30.seconds) {
        sh "'${runbookDir}/demo.sh' status ${params.port} | tee '${workdir}/status-before.txt'"
        sh "curl -s -m 5 -o '${workdir}/health-before.json' -w 'GET /health -> %{http_code}\\n' http://127.0.0.1:${params.port}/health",
           okExitCodes: [0, 7, 28]
        sh "'${runbookDir}/demo.sh' log ${params.port} > '${workdir}/service-before.log'"
    }

    manual 'Tell #incidents that the demo service is being rolled back'

    step('Stop the broken version', expected: 5.seconds, timeout: 30.seconds) {
        sh "'${runbookDir}/demo.sh' stop ${params.port}"
    }

    step('Start the good version', expected: 10.seconds, timeout: 1.minute) {
        sh "'${runbookDir}/demo.sh' start ${params.version} ${params.port}"
    }

    step('Verify health', expected: 15.seconds, timeout: 10.seconds, retry: 10, backoff: 1.second) {
        def health = sh "curl -fsS -m 5 http://127.0.0.1:${params.port}/health"
        if (!health.stdout.contains("\"version\":\"${params.version}\"")) {
            fail "/health answers for another version: ${health.text}"
        }
        log "healthy: ${health.text}"
    }

    onFailure { failure ->
        log "The rollback to ${params.version} failed at '${failure.step}': ${failure.message}"
        sh "'${runbookDir}/demo.sh' ensure v1.2.4 ${params.port}"
        log 'Put the previous release v1.2.4 back so the service is not left down. Escalate to the service owner.'
    }

    always {
        sh "'${runbookDir}/demo.sh' status ${params.port} | tee '${workdir}/status-after.txt'"
    }
}
