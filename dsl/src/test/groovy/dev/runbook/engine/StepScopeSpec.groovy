package dev.runbook.engine

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class StepScopeSpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    def "a later step reads what an earlier step printed through steps['name'].stdout"() {
        when:
        def run = runner.run('''
            runbook('steps') {
                step('Find the image') { sh 'echo registry.local/api:v1.4.2' }
                step('Use it') { sh "echo rolling back to ${steps['Find the image'].stdout.trim()}" }
            }
        ''')

        then:
        run.output('Use it') == ['rolling back to registry.local/api:v1.4.2']
        run.step('Find the image').stdout == 'registry.local/api:v1.4.2\n'
    }

    def "an unknown command in a step fails it at file:line:col with a did-you-mean hint"() {
        when:
        def run = runner.run('''runbook('typo') {
    step('Restart') {
        shh 'systemctl restart api'
    }
}''')

        then:
        run.result.outcome() == Outcome.FAILED
        run.result.failure().message == "x.groovy:3:9: unknown command 'shh' — did you mean 'sh'?"
        run.console.contains("x.groovy:3:9: unknown command 'shh' — did you mean 'sh'?")
    }

    def "a misspelt param name fails the step at its line with a suggestion instead of running with null"() {
        when:
        def run = runner.run('''runbook('param-typo') {
    param 'version', default: 'v1.2.3'
    step('Deploy') {
        sh "echo deploying ${params.verison}"
    }
}''', [:])

        then:
        run.result.outcome() == Outcome.FAILED
        run.result.failure().message == "x.groovy:4: unknown param 'verison' — did you mean 'version'?"
        run.types().contains('command.started') == false
        run.console.contains("x.groovy:4: unknown param 'verison' — did you mean 'version'?")
    }
}
