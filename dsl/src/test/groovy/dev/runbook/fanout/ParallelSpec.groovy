package dev.runbook.fanout

import dev.runbook.engine.Outcome
import dev.runbook.engine.RunbookRunner
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Path

/** parallel { step ... }: the steps run at once, each with everything a step has. */
@Timeout(60)
class ParallelSpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    def "the steps of a parallel block run at the same time, and the next node waits for all of them"() {
        when: 'each step waits at a barrier for the other two: one after the other, the first would wait in vain'
        def run = runner.run('''
            def meet = new java.util.concurrent.CyclicBarrier(3)
            runbook('overlap') {
                parallel {
                    step('Region A') { meet.await(20, java.util.concurrent.TimeUnit.SECONDS); sh 'echo a'; 'A' }
                    step('Region B') { meet.await(20, java.util.concurrent.TimeUnit.SECONDS); sh 'echo b'; 'B' }
                    step('Region C') { meet.await(20, java.util.concurrent.TimeUnit.SECONDS); 'C' }
                }
                step('After') { log "saw ${steps['Region A'].value}${steps['Region B'].value}${steps['Region C'].value}, a printed ${steps['Region A'].stdout.trim()}" }
            }
        ''')

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        run.logs('After') == ['saw ABC, a printed a']
        run.events('step.started')*.str('step') as Set == ['parallel: Region A + Region B + Region C', 'Region A', 'Region B', 'Region C', 'After'] as Set
        run.events('step.finished')*.str('step').last() == 'After'
        run.events('step.finished').find { it.str('kind') == 'parallel' }.str('status') == 'ok'
        run.output('Region B') == ['b']
    }

    def "a failing step of the block retries and runs its own handler; the block then fails the run after its siblings finished"() {
        when:
        def run = runner.run('''
            runbook('one-fails') {
                parallel('Both regions') {
                    step('Good') { sh 'sleep 0.2; echo good' }
                    step('Bad', retry: 1) {
                        sh 'echo bad; exit 4'
                        onFailure { failure -> log "bad handler: ${failure.message.readLines()[0]}" }
                    }
                }
                step('Never') { sh 'echo never' }
                onFailure { failure -> log "run handler: ${failure.step}" }
            }
        ''')

        then:
        run.result.outcome() == Outcome.FAILED
        run.result.failure().step == 'Bad'
        run.events('step.attempt.failed').findAll { it.str('step') == 'Bad' }.size() == 2
        run.events('step.log')*.str('text') == ['bad handler: command exited 4: echo bad; exit 4', 'run handler: Bad']
        run.step('Good').status == 'ok'
        run.step('Both regions').status == 'failed'
        run.step('Never').status == 'pending'
        and: 'the console says which step each line belongs to'
        run.console.contains('Good › │ good')
        run.console.contains('Bad › $ echo bad; exit 4')
    }

    def "a step's timeout inside the block kills only its own commands"() {
        when:
        def run = runner.run('''
            runbook('own-timeout') {
                parallel {
                    step('Hangs', timeout: 1.second, continueOnFailure: true) { sh 'sleep 30' }
                    step('Slow but fine') { sh 'sleep 2; echo done' }
                }
            }
        ''')

        then:
        run.step('Hangs').status == 'failed continued'
        run.step('Hangs').error.contains('timed out after 1.0s')
        run.step('Slow but fine').status == 'ok'
        run.output('Slow but fine') == ['done']
        run.result.outcome() == Outcome.SUCCEEDED
    }
}
