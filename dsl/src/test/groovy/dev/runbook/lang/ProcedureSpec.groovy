package dev.runbook.lang

import dev.runbook.compile.CompilesRunbooks
import dev.runbook.model.Confirm
import dev.runbook.model.Manual
import dev.runbook.model.Step
import spock.lang.Specification

class ProcedureSpec extends Specification implements CompilesRunbooks {

    def "steps, manual checks and confirmations keep the order they are written in"() {
        when:
        def rb = compile('''\
            runbook('x') {
                step('Capture evidence') { sh 'docker compose logs api' }
                manual 'Ask one test user to sign in'
                confirm 'EMERGENCY', prompt: 'This restarts production'
                step('Restart') { sh 'docker compose restart api' }
                confirm 'AGAIN'
            }
            ''')

        then:
        rb.nodes()*.kind() == ['step', 'manual', 'confirm', 'step', 'confirm']
        rb.nodes()*.name() == ['Capture evidence', 'Ask one test user to sign in', 'confirm EMERGENCY', 'Restart', 'confirm AGAIN']
        rb.steps()*.name() == ['Capture evidence', 'Restart']

        with(rb.nodes()[1] as Manual) {
            text() == 'Ask one test user to sign in'
            pos().toString() == 'rb.groovy:3:5'
        }
        with(rb.nodes()[2] as Confirm) {
            word() == 'EMERGENCY'
            prompt() == 'This restarts production'
            pos().toString() == 'rb.groovy:4:5'
        }
        (rb.nodes()[4] as Confirm).prompt() == ''
    }

    def "the runbook's onFailure and always handlers are recorded with their commands"() {
        when:
        def rb = compile('''\
            runbook('x') {
                step('a') { sh 'true' }
                onFailure { failure ->
                    notify slack: '#incidents', text: "failed at ${failure.step}"
                }
                always { report 'incident.md' }
            }
            ''')

        then:
        rb.onFailure().commands() == ['notify slack: \'#incidents\', text: "failed at ${failure.step}"']
        rb.onFailure().pos().toString() == 'rb.groovy:3:5'
        rb.always().commands() == ["report 'incident.md'"]
        rb.always().pos().toString() == 'rb.groovy:6:5'
    }

    def "a runbook without handlers has none"() {
        when:
        def rb = compile("runbook('x') { step('a') { sh 'true' } }")

        then:
        rb.onFailure() == null
        rb.always() == null
    }

    def "the plan's commands are the sh and integration calls of a step, as written, in order"() {
        when:
        def step = compile('''\
            runbook('x') {
                step('Roll back') {
                    log 'rolling back'
                    sh "TAG=${params.version} docker compose up -d"
                    def r = http.get("${params.healthUrl}/status")
                    if (r.status != 200) {
                        docker.container('api').restart()
                    }
                    sh(timeout: 30.seconds, 'curl -fsS http://127.0.0.1:4000/health')
                }
            }
            ''').steps()[0]

        then:
        step.body().commands() == [
                'sh "TAG=${params.version} docker compose up -d"',
                'http.get("${params.healthUrl}/status")',
                "docker.container('api').restart()",
                "sh(timeout: 30.seconds, 'curl -fsS http://127.0.0.1:4000/health')",
        ]
    }

    def "a command written over several lines is shown on one line"() {
        when:
        def step = compile('''\
            runbook('x') {
                step('Deploy') {
                    sh """docker compose \\
                          up -d"""
                }
            }
            ''').steps()[0]

        then:
        step.body().commands() == ['sh """docker compose \\ up -d"""']
    }

    def "script-level helper methods and variables can be used inside runbook { }"() {
        when:
        def rb = compile('''\
            def composeFile = 'deploy/docker-compose.prod.yml'
            region = 'eu-west-1'
            String restartStep(String service) { "Restart ${service}" }
            List<String> services() { ['api', 'worker'] }

            runbook('x') {
                title "Restart everything in ${region}"
                description "Uses ${composeFile}"
                services().each { s ->
                    step(restartStep(s)) { sh "docker compose -f ${composeFile} restart ${s}" }
                }
            }
            ''')

        then:
        rb.title() == 'Restart everything in eu-west-1'
        rb.description() == 'Uses deploy/docker-compose.prod.yml'
        rb.steps()*.name() == ['Restart api', 'Restart worker']
        rb.steps()*.body()*.commands() == [['sh "docker compose -f ${composeFile} restart ${s}"']] * 2
    }

    def "a script-level helper method may declare steps for the runbook"() {
        when:
        def rb = compile('''\
            void restart(String service) {
                step("Restart ${service}", retry: 1) { sh "docker compose restart ${service}" }
            }
            runbook('x') {
                restart('api')
                manual 'check the api'
                restart('worker')
            }
            ''')

        then:
        rb.nodes()*.name() == ['Restart api', 'check the api', 'Restart worker']
        rb.steps()*.options()*.retry() == [1, 1]
    }

    def "a script-level helper is called even when a part of the builder has a method of its name: runbook { } reaches only the words"() {
        when: 'slugOf is also a method of RunbookDraft, which suggests a slug for a wrong runbook name'
        def rb = compile('''\
            String slugOf(String text) { "from the file: ${text}" }
            runbook('x') {
                title slugOf('API')
                step('a') { sh 'true' }
            }
            ''')

        then:
        rb.title() == 'from the file: API'

        and: 'the delegate of runbook { } declares the words, the severities and the hooks Groovy calls for other names, nothing else'
        RunbookSpec.declaredMethods.findAll { !it.synthetic }*.name.toSet() - RunbookSpec.ELEMENTS ==
                ['getP0', 'getP1', 'getP2', 'getP3', 'getHealth', 'getProperty', 'methodMissing', 'propertyMissing'] as Set
    }

    def "every node of the definition is a step, a manual check or a confirmation"() {
        expect:
        compile('''\
            runbook('x') {
                step('a') { sh 'true' }
                manual 'check'
                confirm 'GO'
            }
            ''').nodes().collect { it.getClass() } == [Step, Manual, Confirm]
    }
}
