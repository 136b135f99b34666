runbook('guarded-restart') {
    title 'Restart the API in production, once a lead agrees'

    requireApproval P1, within: 90.seconds, reason: 'restarts production'

    step('Restart') {
        sh 'systemctl restart api'
        onFailure { sh 'systemctl start api' }
    }

    onFailure { failure -> notify slack: '#ops', text: "restart did not happen: ${failure.message}" }
    always { notify slack: '#ops', text: 'restart run ended' }
}
