runbook('restart-service') {
    title 'Restart a service and check it answers'
    param 'service', required: true, pattern: ~/[a-z-]+/
    param 'grace', default: '10'

    step('Restart', timeout: 1.minute) {
        sh "systemctl restart ${params.service} --grace ${params.grace}"
        onFailure { sh "journalctl -u ${params.service} -n 50" }
    }
    onFailure { failure -> notify slack: '#ops', text: "restart of ${params.service} failed: ${failure.message}" }
}
