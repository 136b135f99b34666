package dev.runbook.engine

import dev.runbook.diag.RunbookProblemsException
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class InputsSpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner

    static final String ROLLBACK = '''runbook('rollback') {
    param 'version', required: true, pattern: ~/v\\d+\\.\\d+\\.\\d+/
    param 'env', choices: ['staging', 'prod'], default: 'staging'
    param 'service', required: true
    secret 'SLACK_WEBHOOK'
    step('Roll back') { sh "echo rolling back ${params.service} to ${params.version}" }
}'''

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    def "every problem with params and secrets is reported together, before anything runs"() {
        when:
        runner.open(ROLLBACK, [verison: 'v1.2.3', version: '1.2', env: 'prdo'])

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() as Set == [
                "unknown param 'verison' given with -p verison=... — did you mean 'version'?",
                "x.groovy:2:5: param 'version' is '1.2', which does not match /v\\d+\\.\\d+\\.\\d+/ — pass a value like v1.2.3",
                "x.groovy:3:5: param 'env' is 'prdo', which is not one of [staging, prod] — did you mean 'prod'?",
                "x.groovy:4:5: param 'service' is required and was not given — pass -p service=VALUE",
                "x.groovy:5:5: secret 'SLACK_WEBHOOK' is not set — export SLACK_WEBHOOK in the environment before the run (it is never printed)",
        ] as Set
        runner.nothingJournaled()
    }

    def "a missing required param names the flag to pass"() {
        given:
        runner.environment = [SLACK_WEBHOOK: 'https://hooks.example/T0/B0/xyz']

        when:
        runner.open(ROLLBACK, [version: 'v1.2.3'])

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["x.groovy:4:5: param 'service' is required and was not given — pass -p service=VALUE"]
        runner.nothingJournaled()
    }

    def "an unknown -p name on a runbook without params says it declares none"() {
        when:
        runner.open("runbook('plain') { step('One') { sh 'true' } }", [version: 'v1'])

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["unknown param 'version' given with -p version=... — this runbook declares no params"]
    }

    def "valid params and a set secret open the run, with defaults filled in"() {
        given:
        runner.environment = [SLACK_WEBHOOK: 'https://hooks.example/T0/B0/xyz']

        when:
        def run = runner.run(ROLLBACK, [version: 'v1.2.3', service: 'api'])

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        run.event('run.started').get('params') == [version: 'v1.2.3', env: 'staging', service: 'api']
        run.event('run.started').get('secrets') == ['SLACK_WEBHOOK']
        run.output('Roll back') == ['rolling back api to v1.2.3']
    }
}
