package dev.runbook.engine

import dev.runbook.journal.Event
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class StepOptionsSpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    def "a step whose when: is false is skipped and one whose when: is true runs"() {
        given:
        def text = '''
            runbook('when') {
                step('Skipped', when: { false }) { sh 'echo skipped ran' }
                step('Runs', when: { true }) { sh 'echo runs ran' }
                step('Literal false', when: false) { sh 'echo literal ran' }
            }
        '''

        when:
        def run = runner.run(text)

        then:
        run.step('Skipped').status == 'skipped'
        run.step('Literal false').status == 'skipped'
        run.step('Runs').status == 'ok'
        run.events('step.skipped')*.str('step') == ['Skipped', 'Literal false']
        run.events('step.skipped')*.str('reason') == ['when: condition is false'] * 2
        run.events('step.started')*.str('step') == ['Runs']
        run.output('Runs') == ['runs ran']
        run.output('Skipped').empty
        run.console.contains('[1/3] Skipped — skipped (when: condition is false)')
        run.result.outcome() == Outcome.SUCCEEDED
    }

    def "when: can read params, so one runbook serves several environments (env=#env)"() {
        given:
        def text = '''
            runbook('when-params') {
                param 'env', choices: ['staging', 'prod']
                step('Page the on-call', when: { params.env == 'prod' }) { sh 'echo paging' }
            }
        '''

        when:
        def run = runner.run(text, [env: env])

        then:
        run.step('Page the on-call').status == status
        run.output('Page the on-call') == output

        where:
        env       || status             | output
        'prod'    || 'ok'      | ['paging']
        'staging' || 'skipped' | []
    }

    def "a when: condition that throws fails the step and the run, saying it was the condition"() {
        when:
        def run = runner.run('''
            runbook('bad-when') {
                param 'env', default: 'prod'
                step('Guarded', when: { params.evn == 'prod' }) { sh 'echo ran' }
            }
        ''')

        then:
        run.result.outcome() == Outcome.FAILED
        run.step('Guarded').status == 'failed'
        run.result.failure().message == "its when: condition failed: x.groovy:4: unknown param 'evn' — did you mean 'env'?"
        run.output('Guarded').empty
    }

    def "steps[x].status equals the documented words: ==, in, switch and when: read as they are written"() {
        given: 'the ladder of issue 19: a restart that works must stop the rungs after it'
        def text = '''
            runbook('words') {
                step('Restart') { sh 'true' }
                step('Broken', continueOnFailure: true) { sh 'exit 3' }
                step('Skipped', when: { false }) { sh 'true' }
                step('Recreate', when: { steps['Restart'].status != 'ok' }) { sh 'echo recreate ran' }
                step('Report', when: { steps['Restart'].status == 'ok' }) {
                    def s = steps['Skipped'].status
                    log "restart=${steps['Restart'].status == 'ok'} broken=${steps['Broken'].status == 'failed continued'}"
                    log "skipped=${s == 'skipped'} left=${'skipped' == s} in=${s in ['ok', 'skipped']}"
                    switch (steps['Broken'].status) { case 'failed continued': log 'switch=true'; break; default: log 'switch=false' }
                }
            }
        '''

        when:
        def run = runner.run(text)

        then:
        run.step('Recreate').status == 'skipped'
        run.step('Report').status == 'ok'
        run.logs('Report') == ['restart=true broken=true', 'skipped=true left=true in=true', 'switch=true']
    }

    def "continueOnFailure: true runs the step's onFailure, goes on with the next step, and the run succeeds with the failure counted"() {
        given:
        def text = '''
            runbook('continue') {
                step('Optional cleanup', continueOnFailure: true) {
                    sh 'exit 4'
                    onFailure { log 'cleanup failed, going on' }
                }
                step('Next') { sh 'echo next ran' }
                onFailure { log 'runbook handler' }
            }
        '''

        when:
        def run = runner.run(text)

        then:
        run.step('Optional cleanup').status == 'failed continued'
        run.step('Next').status == 'ok'
        run.output('Next') == ['next ran']
        run.events('handler.started')*.str('handler') == ['step onFailure']
        run.result.outcome() == Outcome.SUCCEEDED
        run.result.exitCode() == 0
        run.result.failure() == null
        run.event('run.finished').get('counts') == ['failed continued': 1, ok: 1]
        run.console.contains('continuing (continueOnFailure): command exited 4: exit 4')
        run.console.contains('✓ Run succeeded')
        run.console.contains('1 failed continued')
    }

    def "a step running past expected: is reported as overdue while it still runs"() {
        given: 'a step that only finishes once the test has seen the overdue warning'
        def go = tmp.resolve('go')
        runner.listeners << ({ Event e -> if (e.type() == 'step.overdue') go.toFile().createNewFile() } as EventListener)
        def text = '''
            runbook('overdue') {
                param 'go'
                step('Slow', expected: 200.millis, timeout: 10.seconds) {
                    sh 'while [ ! -f "$GO" ]; do sleep 0.05; done; echo finished', env: [GO: params.go]
                }
            }
        '''

        when:
        def run = runner.run(text, [go: go.toString()])

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        def overdue = run.event('step.overdue')
        overdue.str('step') == 'Slow'
        overdue.num('expectedMs') == 200
        overdue.num('elapsedMs') > 200
        overdue.seq() < run.event('command.finished').seq()
        run.console.contains('⚠ still running after')
        run.console.contains('— expected 200ms')
        run.console.contains('longer than expected (expected 200ms)')
    }

    def "a step finishing within expected: raises no warning"() {
        when:
        def run = runner.run('''
            runbook('quick') {
                step('Quick', expected: 1.minute) { sh 'true' }
            }
        ''')

        then:
        !run.types().contains('step.overdue')
        !run.console.contains('still running')
        run.console.contains('(expected 1m)')
    }
}
