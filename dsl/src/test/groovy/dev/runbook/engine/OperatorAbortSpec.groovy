package dev.runbook.engine

import dev.runbook.diag.RunRefusedException
import dev.runbook.diag.RunbookProblemsException
import dev.runbook.journal.Event
import dev.runbook.journal.JournalReader
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

class OperatorAbortSpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner
    List<Long> leftovers = []

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    def cleanup() {
        leftovers.each { Processes.kill(it) }
    }

    @Timeout(20)
    def "Ctrl-C during a long command kills it, runs the failure path and ends the run as aborted"() {
        given:
        def session = runner.open('''
            runbook('abort') {
                param 'dir'
                step('Drain') {
                    sh 'sleep 30 & echo $! > "$DIR/pid"; wait', env: [DIR: params.dir]
                    onFailure { failure -> log "step handler: ${failure.kind}" }
                }
                step('Never') { sh 'echo never' }
                onFailure { failure -> log "runbook handler: ${failure.step}" }
                always { log 'always' }
            }
        ''', [dir: tmp.toString()])
        def operatorThread = Executors.newSingleThreadExecutor()

        when: 'the operator presses Ctrl-C once the command is running'
        def pressed = operatorThread.submit {
            long pid = Processes.pidFrom(tmp.resolve('pid'), 10)
            session.session.interrupt()
            pid
        }
        def run = session.runToEnd()
        long child = pressed.get(10, TimeUnit.SECONDS)
        leftovers << child

        then: 'the command is gone and the run stopped long before it would have finished'
        Poll.within(5) { Processes.gone(child) }
        run.result.duration().toSeconds() < 30

        and: 'the failure path ran in order'
        run.events('handler.started')*.str('handler') == ['step onFailure', 'onFailure', 'always']
        run.events('step.log')*.str('text') == ['step handler: aborted', 'runbook handler: Drain', 'always']
        run.step('Never').status == 'pending'

        and: 'the run is aborted, exit code 3, and the interrupt is journaled'
        run.result.outcome() == Outcome.ABORTED
        run.result.exitCode() == 3
        run.result.failure().kind == 'aborted'
        run.event('operator.interrupt').num('count') == 1
        run.event('operator.interrupt').str('during') == 'Drain'
        run.event('run.finished').str('outcome') == 'aborted'
        run.console.contains("⚠ Ctrl-C: stopping 'Drain' and running the failure path")
        run.console.contains('■ Run aborted')

        cleanup:
        operatorThread?.shutdownNow()
    }

    @Timeout(30)
    def "a second Ctrl-C from runbook exec ends the journal and the console with it, whatever the run does next"() {
        when: 'Ctrl-C during the step, then again during the always handler, the way exec passes them on'
        // exec would halt the JVM now; here the run's threads go on to the end, as they may in the moments before
        def run = ctrlCTwice { RunSession s -> s.interruptToExit() }

        then: 'the commands were killed'
        Poll.within(5) { leftovers.every { Processes.gone(it) } }

        and: 'the journal ends with the second interrupt: nothing about the handler\'s end or the run\'s'
        run.types()[-1] == 'operator.interrupt'
        run.events('operator.interrupt')*.num('count') == [1, 2]
        run.events('handler.started')*.str('handler') == ['always']
        run.events('handler.finished').isEmpty()
        run.events('run.finished').isEmpty()
        run.journal*.seq() == (1..run.journal.size()).collect { it as long }

        and: 'the console too, after saying what the second Ctrl-C does'
        run.console.contains('Press Ctrl-C again to exit at once.')
        run.console.trim().endsWith('⚠ Ctrl-C again: exiting now. The journal has everything up to here.')
        !run.console.contains('Run aborted')
    }

    @Timeout(30)
    def "in the REPL, where a second Ctrl-C does not exit, the run goes on being journaled to its end"() {
        when: 'Ctrl-C during the step, then again during the always handler, the way the REPL passes them on'
        def run = ctrlCTwice { RunSession s -> s.interrupt() }

        then:
        Poll.within(5) { leftovers.every { Processes.gone(it) } }
        run.events('operator.interrupt')*.num('count') == [1, 2]
        run.event('handler.finished').str('handler') == 'always'
        run.event('run.finished').str('outcome') == 'aborted'

        and: 'the operator is told what Ctrl-C does here, not that it exits'
        run.events('operator.interrupt')*.str('action') == ['stop the current step, run the failure path', 'kill every command of the run']
        run.console.contains("Press Ctrl-C again to kill every command of the run at once.")
        run.console.contains('⚠ Ctrl-C again: every command of the run is killed; the failure path goes on.')
        !run.console.contains('exit at once')
        !run.console.contains('exiting now')
    }

    @Timeout(30)
    def "in the REPL, the handlers after a second Ctrl-C still run their commands"() {
        when: 'Ctrl-C during the step, then again during its onFailure handler, the way the REPL passes them on'
        def run = ctrlCTwice({ RunSession s -> s.interrupt() }, { RunSession s -> s.interrupt() }, '''
            runbook('cleanup-after-ctrl-c') {
                param 'dir'
                step('Wait') {
                    sh 'sleep 30 & echo $! > "$DIR/first.pid"; wait', env: [DIR: params.dir]
                    onFailure { sh 'sleep 31 & echo $! > "$DIR/second.pid"; wait', env: [DIR: params.dir] }
                }
                always { sh 'sleep 0.5; echo cleaned up' }
            }
        ''')

        then: 'the always handler ran its command to the end'
        Poll.within(5) { leftovers.every { Processes.gone(it) } }
        run.output('always') == ['cleaned up']
        run.events('handler.finished').find { it.str('handler') == 'always' }.str('status') == 'ok'
        run.event('run.finished').str('outcome') == 'aborted'
    }

    @Timeout(30)
    def "SIGTERM while the always handler runs ends the journal with why, and kills the handler's command"() {
        when: 'Ctrl-C during the step, then SIGTERM during the always handler (the REPL, or exec after one Ctrl-C)'
        def run = ctrlCTwice({ RunSession s -> s.interrupt() }, { RunSession s -> s.terminate('SIGTERM') })

        then:
        Poll.within(5) { leftovers.every { Processes.gone(it) } }
        run.types()[-1] == 'run.terminated'
        run.journal[-1].str('signal') == 'SIGTERM'
        run.journal[-1].str('during') == 'always'
        run.events('handler.finished').isEmpty()
        run.events('run.finished').isEmpty()
    }

    def "a signal after the run finished adds nothing to its journal"() {
        given:
        def session = runner.open('''runbook('done') { step('One') { log 'one' } }''')
        def run = session.runToEnd()

        when:
        session.session.terminate('SIGHUP')

        then:
        JournalReader.read(run.result.runDir())*.type()[-1] == 'run.finished'
    }

    /**
     * Runs {@code runbook} ({@link #SLOW_STEP_AND_HANDLER} unless given) to its end while an operator presses Ctrl-C
     * ({@code press}) once the command that writes first.pid runs, and again ({@code thenPress}) once the one that
     * writes second.pid does; both commands' pids become leftovers to clean up.
     */
    private RunbookRunner.Finished ctrlCTwice(Closure press, Closure thenPress = press, String runbook = SLOW_STEP_AND_HANDLER) {
        def session = runner.open(runbook, [dir: tmp.toString()])
        def operator = Executors.newSingleThreadExecutor()
        try {
            def pressed = operator.submit {
                long first = Processes.pidFrom(tmp.resolve('first.pid'), 10)
                press(session.session)
                long second = Processes.pidFrom(tmp.resolve('second.pid'), 10)
                thenPress(session.session)
                [first, second]
            }
            def run = session.runToEnd()
            leftovers.addAll(pressed.get(10, TimeUnit.SECONDS))
            run
        } finally {
            operator.shutdownNow()
        }
    }

    private static final String SLOW_STEP_AND_HANDLER = '''
        runbook('second-ctrl-c') {
            param 'dir'
            step('Wait') { sh 'sleep 30 & echo $! > "$DIR/first.pid"; wait', env: [DIR: params.dir] }
            always { sh 'sleep 31 & echo $! > "$DIR/second.pid"; wait', env: [DIR: params.dir] }
        }
    '''

    @Timeout(20)
    def "Ctrl-C while a step waits to retry stops the retries and aborts the run"() {
        given: 'an operator who presses Ctrl-C as soon as the first attempt has failed'
        RunbookRunner.Session session
        runner.listeners << ({ Event e ->
            if (e.type() == 'step.attempt.failed') Thread.start { session.session.interrupt() }
        } as EventListener)
        session = runner.open('''
            runbook('abort-backoff') {
                step('Flaky', retry: 5, backoff: 1.minute) { sh 'exit 1' }
                always { log 'always' }
            }
        ''')

        when:
        def run = session.runToEnd()

        then:
        run.step('Flaky').attempts == 1
        run.events('step.started').size() == 1
        run.result.outcome() == Outcome.ABORTED
        run.result.failure().message == 'stopped by the operator (Ctrl-C) while waiting to retry'
        run.logs('always') == ['always']
        run.result.duration() < Duration.ofMinutes(1)
    }

    def "a declined manual check aborts the run"() {
        given:
        def operator = new ScriptedOperator(confirms: false)
        runner.operator = operator

        when:
        def run = runner.run('''
            runbook('declined') {
                step('Before') { sh 'echo before' }
                manual 'Ask one test user to sign in'
                step('After') { sh 'echo after' }
            }
        ''')

        then:
        operator.asked == ['Ask one test user to sign in']
        run.result.outcome() == Outcome.ABORTED
        run.result.exitCode() == 3
        run.step('After').status == 'pending'
        run.output('After').empty
        run.event('operator.answered').str('answer') == 'declined'
        run.result.failure().message == 'the operator did not confirm: Ask one test user to sign in'
        run.console.contains('✗ declined by alice')
    }

    def "a confirm word the operator does not type aborts the run before the next step"() {
        given:
        runner.operator = new ScriptedOperator(typesTheWord: false)

        when:
        def run = runner.run('''
            runbook('confirm') {
                confirm 'EMERGENCY'
                step('Failover') { sh 'echo failing over' }
            }
        ''')

        then:
        run.result.outcome() == Outcome.ABORTED
        run.output('Failover').empty
        run.result.failure().message == 'the operator did not type EMERGENCY'
    }

    def "a confirm inside a step tells the operator what happens next, and the step goes on once the word is typed"() {
        given:
        def operator = new ScriptedOperator()
        runner.operator = operator

        when:
        def run = runner.run('''
            runbook('confirm-in-step') {
                step('Promote the replica') {
                    sh 'echo checked lag'
                    confirm 'PROMOTE', prompt: 'the replica becomes the primary; the old primary is fenced'
                    sh 'echo promoted'
                }
            }
        ''')

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        operator.asked == ['PROMOTE']
        operator.prompts == ['the replica becomes the primary; the old primary is fenced']
        run.output('Promote the replica') == ['checked lag', 'promoted']
    }

    def "a confirm inside a step with an option it does not take fails the step and says which one it takes"() {
        given:
        runner.operator = Operator.typing(Operator.YES, ['PROMOTE'])

        when:
        def run = runner.run('''
            runbook('confirm-typo') {
                step('Promote') {
                    confirm 'PROMOTE', promt: 'typo'
                    sh 'echo promoted'
                }
            }
        ''')

        then:
        run.result.outcome() == Outcome.FAILED
        run.output('Promote').empty
        run.result.failure().message.contains("confirm has no option 'promt' — the one it takes is prompt: 'what happens next'")
    }

    def "a manual check inside a step that is declined aborts the run without retrying"() {
        given:
        def operator = new ScriptedOperator(confirms: false)
        runner.operator = operator

        when:
        def run = runner.run('''
            runbook('declined-in-step') {
                step('Risky', retry: 3) {
                    manual 'Is traffic drained?'
                    sh 'echo risky'
                }
            }
        ''')

        then:
        operator.asked == ['Is traffic drained?']
        run.step('Risky').attempts == 1
        run.output('Risky').empty
        run.result.outcome() == Outcome.ABORTED
    }

    def "a runbook with #element is refused before anything runs when nobody can answer"() {
        given:
        runner.operator = operator

        when:
        runner.open("""
            runbook('unattended') {
                step('Before') { sh 'echo before' }
                $element
            }
        """)

        then:
        def e = thrown(refusal)
        e.problems().size() == 1
        e.problems()[0].toString().startsWith("x.groovy:4:")
        e.problems()[0].message().contains(message)
        e.problems()[0].hint() == hint
        runner.nothingJournaled()

        where: 'a confirm word is a guard: --yes does not type it, and refusing it is exit 3 (RunRefusedException)'
        element                        | operator        || refusal                  | message                                                  | hint
        "manual 'Check the dashboard'" | Operator.NOBODY || RunbookProblemsException | 'needs an operator to answer, and this run has no terminal' | 'run it in a terminal, or pass --yes to confirm it'
        "confirm 'EMERGENCY'"          | Operator.NOBODY || RunRefusedException      | 'needs its word typed, and nobody at a terminal will type it' | 'pass --confirm EMERGENCY'
        "confirm 'EMERGENCY'"          | Operator.YES    || RunRefusedException      | '(--yes types no confirm word)'                          | 'pass --confirm EMERGENCY'
    }

    def "a runbook that asks the operator inside a #place is refused before anything runs when nobody can answer"() {
        given:
        runner.operator = Operator.NOBODY

        when:
        runner.open("""runbook('unattended-in-step') {
    step('Before') { sh 'echo before' }
    $block
}""")

        then:
        def e = thrown(refusal)
        e.problems()*.toString() == [problem]
        runner.nothingJournaled()

        where:
        place       | block                                                                      || refusal                  | problem
        'step'      | "step('Failover') {\n        confirm 'EMERGENCY'\n        sh 'echo go'\n    }" || RunRefusedException      | "x.groovy:3:5: confirm 'EMERGENCY' in step 'Failover' needs its word typed, and nobody at a terminal will type it (--yes types no confirm word) — pass --confirm EMERGENCY"
        'handler'   | "always { manual 'Tell the DBA' }"                                          || RunbookProblemsException | "x.groovy:3:5: manual 'Tell the DBA' in always needs an operator to answer, and this run has no terminal — run it in a terminal, or pass --yes to confirm it"
    }
}
