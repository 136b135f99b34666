package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** Ctrl-C on the real CLI process: SIGINT, as a terminal sends it. */
class CtrlCSpec extends Specification {
    @TempDir
    Path dir

    CliProcess cli
    List<ProcessHandle> commands = []

    def cleanup() {
        commands*.destroyForcibly()
        cli?.destroy()
    }

    def "the first Ctrl-C stops the running command, runs the failure path and exits 3"() {
        given:
        def file = RunbookFiles.write(dir, 'wait.groovy', '''\
            runbook('wait-for-cache') {
                step('Wait for the cache to warm') {
                    sh 'sleep 300'
                    onFailure { failure -> log "step handler: ${failure.message}" }
                }
                step('Never reached') { sh 'echo never' }
                always { log 'always ran' }
            }
            ''')
        cli = CliProcess.exec(dir, file)

        when: 'the command is running'
        assert CliProcess.poll(60) { cli.events().any { it.type == 'command.started' } }
        assert CliProcess.poll(30) { !cli.descendantsNamed('sleep').isEmpty() }
        commands = cli.descendantsNamed('sleep')

        and:
        cli.interrupt()

        then: 'the CLI ends on its own with exit code 3'
        cli.process.waitFor(60, TimeUnit.SECONDS)
        cli.process.exitValue() == 3

        and: 'the sleep was killed'
        CliProcess.poll(10) { commands.every { !it.alive } }

        and: 'the journal tells the story: interrupt, the step handler, always, aborted'
        def events = cli.events()
        def interrupt = events.find { it.type == 'operator.interrupt' }
        interrupt.count == 1
        interrupt.during == 'Wait for the cache to warm'
        events.find { it.type == 'step.finished' }.subMap('step', 'status') == [step: 'Wait for the cache to warm', status: 'failed']
        events.findAll { it.type == 'handler.finished' }.collect { [it.handler, it.status] } == [['step onFailure', 'ok'], ['always', 'ok']]
        events.findAll { it.type == 'step.log' }*.text == ['step handler: stopped by the operator (Ctrl-C)', 'always ran']
        !events.any { it.type == 'step.started' && it.step == 'Never reached' }
        events.last().type == 'run.finished'
        events.last().outcome == 'aborted'

        and: 'the operator saw what happened'
        cli.out.contains("Ctrl-C: stopping 'Wait for the cache to warm' and running the failure path")
        cli.out.contains('Run aborted')
        cli.err.isEmpty()
    }

    def "the first Ctrl-C stops a command the shell host started just as one started from the JVM"() {
        given: 'a run past its first commands, so that a host starts the long one (it writes down its parent)'
        def parent = dir.resolve('parent')
        def file = RunbookFiles.write(dir, 'wait-late.groovy', """\
            runbook('wait-later') {
                step('Warm up') { 3.times { sh 'true' }; sh 'sleep 0.5' }
                step('Wait for the cache to warm') { sh 'cat /proc/\$PPID/comm > ${parent}; sleep 300' }
                step('Never reached') { sh 'echo never' }
            }
            """)
        cli = CliProcess.exec(dir, file)

        when: 'the long command is running'
        assert CliProcess.poll(60) { !cli.descendantsNamed('sleep').isEmpty() && java.nio.file.Files.exists(parent) }
        commands = cli.descendantsNamed('sleep')
        cli.interrupt()

        then: 'the host started it'
        java.nio.file.Files.readString(parent).trim() == 'bash'

        and: 'the CLI ends on its own with exit code 3, the sleep killed, the run aborted'
        cli.process.waitFor(60, TimeUnit.SECONDS)
        cli.process.exitValue() == 3
        CliProcess.poll(10) { commands.every { !it.alive } }
        cli.events().last().outcome == 'aborted'
        !cli.events().any { it.type == 'step.started' && it.step == 'Never reached' }
    }

    def "a second Ctrl-C while a slow always handler runs exits at once with 3, leaving a journal of whole lines"() {
        given:
        def file = RunbookFiles.write(dir, 'slow.groovy', '''\
            runbook('slow-cleanup') {
                step('Wait') { sh 'sleep 300' }
                always { sh 'sleep 301' }
            }
            ''')
        execUntilItsSleepRuns(file)

        when: 'the first Ctrl-C stops the step, and the always handler starts its slow command'
        cli.interrupt()
        assert CliProcess.poll(60) { cli.events().any { it.type == 'command.started' && it.command == 'sleep 301' } }
        assert CliProcess.poll(30) { cli.descendantsNamed('sleep').any { it.info().arguments().orElse(new String[0]).contains('301') } }
        commands += cli.descendantsNamed('sleep')

        and: 'the operator presses Ctrl-C again'
        cli.interrupt()

        then: 'the CLI exits with 3 without waiting for the handler'
        cli.process.waitFor(30, TimeUnit.SECONDS)
        cli.process.exitValue() == 3

        and: 'no command of the run is left running behind it'
        CliProcess.poll(10) { commands.every { !it.alive } }

        and: 'every journal line is complete JSON, up to the second interrupt; the run never finished'
        def events = cli.events()
        events*.seq == (1..events.size()).toList()
        events.findAll { it.type == 'operator.interrupt' }.collect { [it.count, it.action] } == [[1, 'stop the current step, run the failure path'], [2, 'exit now']]
        events.find { it.type == 'handler.started' }.handler == 'always'
        !events.any { it.type == 'run.finished' }

        and:
        cli.out.contains('Ctrl-C again: exiting now. The journal has everything up to here.')
    }

    def "SIG#signal ends the run at once: its command is killed, no handler starts, the journal says why, exit 3"() {
        given: 'a step with a slow command, and handlers that would start commands of their own'
        def file = RunbookFiles.write(dir, 'told-to-end.groovy', '''\
            runbook('told-to-end') {
                step('Drain') {
                    sh 'sleep 300'
                    onFailure { sh 'sleep 3302' }
                }
                always { sh 'sleep 3301' }
            }
            ''')
        execUntilItsSleepRuns(file)

        when: 'a supervisor stops it, or the terminal or SSH connection goes away'
        cli.signal(signal)

        then:
        cli.process.waitFor(30, TimeUnit.SECONDS)
        cli.process.exitValue() == 3

        and: 'the command is gone, and no command of a handler was left behind'
        CliProcess.poll(10) { commands.every { !it.alive } }
        Thread.sleep(500)
        ProcessHandle.allProcesses().noneMatch { it.info().commandLine().orElse('') =~ /sleep 330[12]/ }

        and: 'the journal ends with why, in whole lines'
        def events = cli.events()
        events*.seq == (1..events.size()).toList()
        events.last().subMap('type', 'signal', 'during') == [type: 'run.terminated', signal: "SIG$signal" as String, during: 'Drain']
        !events.any { it.type == 'handler.started' }
        cli.out.contains("⚠ SIG$signal: the process was told to end during 'Drain'. The run's commands are killed; the journal has everything up to here.")

        where:
        signal << ['TERM', 'HUP']
    }

    def "in the REPL, SIGTERM while a step runs ends its run the same way, and the REPL exits 3 without an error"() {
        given:
        def file = RunbookFiles.write(dir, 'repl-told-to-end.groovy', '''\
            runbook('repl-told-to-end') {
                step('Drain') { sh 'sleep 300' }
                always { sh 'sleep 3303' }
            }
            ''')
        cli = CliProcess.start(dir, ['repl', file, '--journal', dir.resolve('runs').toString()])
        assert CliProcess.poll(60) { cli.out.contains('runbook REPL') }

        when: 'the operator steps into the slow step, and the process is then told to end'
        cli.process.outputStream.write('next\n'.bytes)
        cli.process.outputStream.flush()
        assert CliProcess.poll(60) { cli.events().any { it.type == 'command.started' } }
        assert CliProcess.poll(30) { !cli.descendantsNamed('sleep').isEmpty() }
        commands = cli.descendantsNamed('sleep')
        cli.signal('TERM')

        then:
        cli.process.waitFor(30, TimeUnit.SECONDS)
        cli.process.exitValue() == 3
        CliProcess.poll(10) { commands.every { !it.alive } }
        ProcessHandle.allProcesses().noneMatch { it.info().commandLine().orElse('') =~ /sleep 3303/ }
        cli.events().last().subMap('type', 'signal', 'during') == [type: 'run.terminated', signal: 'SIGTERM', during: 'Drain']
        !cli.err.contains('internal error')
        !cli.out.contains('internal error')
    }

    /** Starts {@code runbook exec FILE} and returns once its first command, a sleep, runs; keeps it for cleanup. */
    private void execUntilItsSleepRuns(String file) {
        cli = CliProcess.exec(dir, file)
        assert CliProcess.poll(60) { cli.events().any { it.type == 'command.started' } }
        assert CliProcess.poll(30) { !cli.descendantsNamed('sleep').isEmpty() }
        commands = cli.descendantsNamed('sleep')
    }
}
