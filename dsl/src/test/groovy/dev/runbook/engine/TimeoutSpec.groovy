package dev.runbook.engine

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class TimeoutSpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner
    List<Long> leftovers = []

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    def cleanup() {
        leftovers.each { Processes.kill(it) }
    }

    def "a step timeout kills the whole process tree, grandchildren and orphans included, and fails with kind timeout"() {
        given: 'a step whose command starts a grandchild, an orphaned great-grandchild and then waits'
        def text = '''
            runbook('timeout') {
                param 'dir'
                step('Hang', timeout: 1.second) {
                    sh 'sleep 300 & echo $! > "$DIR/child"; (sleep 300 & echo $! > "$DIR/orphan"); sleep 300', env: [DIR: params.dir]
                }
            }
        '''

        when:
        def run = runner.run(text, [dir: tmp.toString()])
        long child = Processes.pidFrom(tmp.resolve('child'))
        long orphan = Processes.pidFrom(tmp.resolve('orphan'))
        leftovers.addAll([child, orphan])

        then:
        Poll.within(5) { Processes.gone(child) && Processes.gone(orphan) }
        run.result.outcome() == Outcome.FAILED
        run.result.failure().kind == 'timeout'
        run.result.failure().message.contains('timed out after 1.0s')
        run.event('step.attempt.failed').str('kind') == 'timeout'
        run.event('step.finished').str('status') == 'failed'
        run.console.contains('timed out after 1.0s')
    }

    def "a timed-out attempt is retried when retry is set"() {
        given: 'a command that hangs on its first run only'
        def text = '''
            runbook('timeout-retry') {
                param 'dir'
                step('Slow once', timeout: 2.seconds, retry: 1) {
                    sh 'if [ -f "$DIR/seen" ]; then echo fast; else touch "$DIR/seen"; sleep 300; fi', env: [DIR: params.dir]
                }
            }
        '''

        when:
        def run = runner.run(text, [dir: tmp.toString()])

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        run.step('Slow once').attempts == 2
        run.event('step.attempt.failed').str('kind') == 'timeout'
        run.event('step.attempt.failed').num('retryInMs') == 0
        run.output('Slow once') == ['fast']
        run.console.contains('attempt 1 of 2 timed out')
    }
}
