package dev.runbook.engine

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

class DryRunSpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
        runner.dryRun = true
    }

    def "a dry run executes no command and shows each one it would run"() {
        given:
        def target = tmp.resolve('touched')

        when:
        def run = runner.run('''
            runbook('dry') {
                param 'target'
                step('Touch') { sh "touch '${params.target}'" }
                step('Restart') { sh 'systemctl restart api' }
            }
        ''', [target: target.toString()])

        then:
        !Files.exists(target)
        run.events('command.started').collect { [it.str('command'), it.get('dryRun')] } == [
                ["touch '$target'".toString(), true],
                ['systemctl restart api', true]]
        !run.types().contains('step.output')
        run.event('run.started').get('dryRun') == true
        run.result.outcome() == Outcome.SUCCEEDED
        run.console.contains('DRY RUN: no command is executed')
        run.console.contains("would run: touch '$target'")
        run.console.contains('would run: systemctl restart api')
    }

    def "a dry run still evaluates when: conditions, so it shows which steps would be skipped"() {
        when:
        def run = runner.run('''
            runbook('dry-when') {
                param 'env', default: 'staging'
                step('Prod only', when: { params.env == 'prod' }) { sh 'echo prod' }
                step('Staging only', when: { params.env == 'staging' }) { sh 'echo staging' }
            }
        ''')

        then:
        run.events('step.skipped')*.str('step') == ['Prod only']
        run.events('command.started')*.str('command') == ['echo staging']
        run.step('Prod only').status == 'skipped'
    }

    def "a dry run asks nobody, so a manual check neither blocks nor aborts it"() {
        given:
        def operator = new ScriptedOperator(confirms: false)
        runner.operator = operator

        when:
        def run = runner.run('''
            runbook('dry-manual') {
                manual 'Check the dashboard'
                step('After') { sh 'echo after' }
            }
        ''')

        then:
        operator.asked.empty
        run.event('operator.asked').get('dryRun') == true
        run.result.outcome() == Outcome.SUCCEEDED
        run.console.contains('would ask the operator: check: Check the dashboard')
    }
}
