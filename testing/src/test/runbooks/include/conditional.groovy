runbook('conditional') {
    param 'restart', default: 'no', choices: ['yes', 'no']
    param 'grace'        // optional, no default: when not given, the included runbook's own default applies
    include 'restart-service.groovy', when: { params.restart == 'yes' }, with: [service: 'worker']
    step('Tell the team') { notify slack: '#incidents', text: "restart: ${steps['include restart-service.groovy'].status}" }
}
