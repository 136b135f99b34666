runbook('outage') {
    param 'app', required: true
    param 'grace', default: '30'

    step('Capture evidence') { sh "ps aux > ${workdir}/ps.txt" }
    include 'restart-service.groovy', with: [service: { params.app }]
    step('Tell the team') { notify slack: '#incidents', text: "restarted ${params.app}" }
    onFailure { failure -> notify slack: '#incidents', text: "outage runbook FAILED at ${failure.step}" }
}
