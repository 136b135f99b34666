package dev.runbook.engine

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class HandlersSpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    def "when a step fails, its onFailure runs first, then the runbook's onFailure, then always"() {
        given:
        def text = '''
            runbook('order') {
                step('Break') {
                    sh 'echo about to break; exit 7'
                    onFailure { log 'step handler' }
                }
                step('Never') { sh 'echo never' }
                onFailure { failure -> log "runbook handler saw ${failure.step}: ${failure.message}" }
                always { log 'always' }
            }
        '''

        when:
        def run = runner.run(text)

        then:
        run.events('handler.started')*.str('handler') == ['step onFailure', 'onFailure', 'always']
        run.events('handler.finished')*.str('status') == ['ok', 'ok', 'ok']
        run.events('step.log')*.str('text') == ['step handler', 'runbook handler saw Break: command exited 7: echo about to break; exit 7\n│ about to break', 'always']
        run.step('Never').status == 'pending'
        !run.types().contains('step.skipped')
        run.result.outcome() == Outcome.FAILED
        run.console.contains("↳ onFailure of 'Break'")
        run.console.contains('[onFailure] the run failed')
        run.console.contains('[always]')
        run.console.contains("✗ Run FAILED")
    }

    def "a handler that fails is recorded and the original failure is kept"() {
        given:
        def text = '''
            runbook('broken-handler') {
                step('Deploy') {
                    sh 'exit 3'
                    onFailure { sh 'echo cleanup broke; exit 9' }
                }
                onFailure { fail 'the pager is down' }
                always { log 'always still runs' }
            }
        '''

        when:
        def run = runner.run(text)

        then: 'both failed handlers are journaled with their own errors'
        def finished = run.events('handler.finished')
        finished*.str('handler') == ['step onFailure', 'onFailure', 'always']
        finished*.str('status') == ['failed', 'failed', 'ok']
        finished[0].str('error').startsWith('command exited 9: echo cleanup broke; exit 9')
        finished[1].str('error') == 'the pager is down'

        and: 'the run still reports the step that failed and why'
        run.result.failure().step == 'Deploy'
        run.result.failure().message == 'command exited 3: exit 3'
        run.event('run.finished').str('failedStep') == 'Deploy'
        run.event('run.finished').str('error') == 'command exited 3: exit 3'
        run.event('run.finished').str('outcome') == 'failed'
        run.console.contains('the handler failed: the pager is down (the original failure is kept)')
        run.console.contains("✗ Run FAILED in")
        run.console.contains("at 'Deploy': command exited 3: exit 3")
    }

    def "the runbook's onFailure receives the failed step, its message and kind"() {
        given:
        def text = '''
            runbook('receives') {
                step('Check disk') { fail 'disk is 99% full' }
                onFailure { failure -> log "step=${failure.step} message=${failure.message} kind=${failure.kind}" }
            }
        '''

        when:
        def run = runner.run(text)

        then:
        run.logs('onFailure') == ['step=Check disk message=disk is 99% full kind=error']
    }

    def "always runs after #how"() {
        given:
        def text = """
            runbook('always') {
                step('Work') { $body }
                always { log 'always ran' }
            }
        """
        runner.operator = new ScriptedOperator(confirms: false)

        when:
        def run = runner.run(text)

        then:
        run.result.outcome() == outcome
        run.logs('always') == ['always ran']
        run.types().indexOf('handler.started') < run.types().indexOf('run.finished')

        where:
        how         | body                         || outcome
        'success'   | "sh 'true'"                  || Outcome.SUCCEEDED
        'a failure' | "sh 'false'"                 || Outcome.FAILED
        'an abort'  | "manual 'Is the db healthy?'" || Outcome.ABORTED
    }

    def "the runbook's onFailure does not run when the run succeeds"() {
        when:
        def run = runner.run('''
            runbook('fine') {
                step('Work') { sh 'true' }
                onFailure { log 'should not run' }
            }
        ''')

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        run.events('handler.started').empty
        run.logs('onFailure').empty
    }
}
