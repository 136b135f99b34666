package dev.runbook.engine

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

class RetrySpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    /** A command that counts its runs in a file and succeeds from the {@code okFrom}-th run on. */
    static String countingStep(String options, int okFrom) {
        """
        runbook('retry') {
            param 'dir'
            step('Flaky'$options) {
                sh 'n=\$(cat "\$DIR/count" 2>/dev/null || echo 0); n=\$((n+1)); echo \$n > "\$DIR/count"; echo "run \$n"; [ \$n -ge $okFrom ]',
                   env: [DIR: params.dir]
            }
        }
        """
    }

    def "a step with retry: 2 that always fails runs three attempts, then fails the run"() {
        when:
        def run = runner.run(countingStep(', retry: 2', 99), [dir: tmp.toString()])

        then:
        Files.readString(tmp.resolve('count')).trim() == '3'
        run.result.outcome() == Outcome.FAILED
        run.result.exitCode() == 1
        run.step('Flaky').attempts == 3
        run.step('Flaky').status == 'failed'
        run.events('step.started')*.num('attempt') == [1L, 2L, 3L]
        run.events('step.attempt.failed')*.num('attempt') == [1L, 2L, 3L]
        run.output('Flaky') == ['run 1', 'run 2', 'run 3']
        run.console.contains('↻ attempt 3 of 3')
        run.console.contains('failed after')
        run.console.contains('and 3 attempts')
    }

    def "a step that succeeds on its second attempt runs twice and the run succeeds"() {
        when:
        def run = runner.run(countingStep(', retry: 2', 2), [dir: tmp.toString()])

        then:
        Files.readString(tmp.resolve('count')).trim() == '2'
        run.result.outcome() == Outcome.SUCCEEDED
        run.step('Flaky').attempts == 2
        run.step('Flaky').status == 'ok'
        run.events('step.started').size() == 2
        run.event('step.finished').str('status') == 'ok'
        run.event('step.attempt.failed').get('retryInMs') == 0
    }

    def "a step without retry runs once"() {
        when:
        def run = runner.run(countingStep('', 99), [dir: tmp.toString()])

        then:
        Files.readString(tmp.resolve('count')).trim() == '1'
        run.step('Flaky').attempts == 1
        run.result.outcome() == Outcome.FAILED
    }

    def "the backoff is waited between attempts and announced on the console"() {
        when:
        def run = runner.run(countingStep(', retry: 1, backoff: 400.millis', 2), [dir: tmp.toString()])

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        def failed = run.event('step.attempt.failed')
        failed.num('retryInMs') == 400
        def second = run.events('step.started')[1]
        Duration.between(failed.at(), second.at()) >= Duration.ofMillis(400)
        run.console.contains('retrying in 400ms')
    }
}
