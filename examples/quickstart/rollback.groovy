// The quickstart: the demo service's v1.2.4 release is broken (GET /health answers 500). Roll it back to a
// known good version, verify, and if anything goes wrong put the previous release back and say so.
//
//   ./runbook exec examples/quickstart/rollback.groovy -p version=v1.2.3 --yes --approved-by alice
//
// The rollback needs a lead's approval (the team file beside this one says alice is a lead): --approved-by
// gives it up front, as automation would; without it the run asks at the terminal and waits for
// `runbook approve RUN --as alice` from another one.
runbook('quickstart-rollback') {
    title 'Roll the demo service back to a known good version'
    description 'The demo service runs as a local process on 127.0.0.1; examples/quickstart/demo.sh deploys it.'
    owner 'platform-team'
    tags 'demo', 'quickstart'
    severity P2

    param 'version', required: true, pattern: ~/v\d+\.\d+\.\d+/, description: 'the last known good release'
    param 'port', default: '4000', pattern: ~/\d{2,5}/, description: 'where the demo service listens'

    // healthy means: 200 from /health, and it is the version we rolled back to
    health { http "http://127.0.0.1:${params.port}/health", expect: 200, json: { it.version == params.version } }

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

    requireApproval P1, reason: 'stops the running release', within: 30.minutes

    step('Stop the broken version', expected: 5.seconds, timeout: 30.seconds) {
        sh "'${runbookDir}/demo.sh' stop ${params.port}"
    }

    step('Start the good version', expected: 10.seconds, timeout: 1.minute) {
        sh "'${runbookDir}/demo.sh' start ${params.version} ${params.port}"
    }

    gate health(within: 30.seconds, every: 1.second)

    onFailure { failure ->
        log "The rollback to ${params.version} failed at '${failure.step}': ${failure.message}"
        sh "'${runbookDir}/demo.sh' ensure v1.2.4 ${params.port}"
        log 'Put the previous release v1.2.4 back so the service is not left down. Escalate to the service owner.'
    }

    always {
        sh "'${runbookDir}/demo.sh' status ${params.port} | tee '${workdir}/status-after.txt'"
    }
}
