runbook('conditional') {
    param 'restart', default: 'no', choices: ['yes', 'no']
    include 'restart-service.groovy', when: { params.restart == 'yes' }, with: [service: 'worker']
    step('Tell the team') { notify slack: '#incidents', text: "restart: ${steps['include restart-service.groovy'].status.label()}" }
}
