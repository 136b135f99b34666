// a standard runbook that exists only on the dsl module's test class path, to test include 'stdlib:...'
runbook('echo') {
    param 'message', required: true
    step('Echo') { sh "echo ${params.message}" }
}
