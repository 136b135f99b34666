// What the launcher's start-up cache (JDK AOT cache or AppCDS archive) is trained on: AotTraining runs it with
// check, plan, exec (compiled, then from the compile cache) and the REPL. Only local, harmless commands.
runbook('aot-training') {
    title 'Start-up cache training'
    severity P3
    param 'greeting', default: 'hello'

    step('Do nothing', timeout: 1.minutes) {
        sh 'true'
    }

    step('Say something', retry: 1) {
        sh "echo ${params.greeting}"
        onFailure { log 'could not say it' }
    }

    gate('Ready', within: 10.seconds, every: 1.seconds) { params.greeting != null }

    step('Tell the time', when: { params.greeting != 'skip' }) {
        sh 'date'
    }

    always { log 'trained' }
}
