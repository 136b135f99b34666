package dev.runbook.engine

import dev.runbook.journal.Event
import dev.runbook.journal.JournalReader
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

class ShSpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner
    List<Long> leftovers = []

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    def cleanup() {
        leftovers.each { Processes.kill(it) }
    }

    def "sh returns the exit code, stdout and stderr of the command"() {
        when:
        def run = runner.run('''
            runbook('sh-result') {
                step('Probe') {
                    def r = sh 'echo to-out; echo to-err >&2; exit 3', okExitCodes: [0, 3]
                    log "exit=${r.exitCode} out=${r.stdout.trim()} err=${r.stderr.trim()} ok=${r.ok}"
                }
            }
        ''')

        then:
        run.logs('Probe') == ['exit=3 out=to-out err=to-err ok=false']
        run.step('Probe').exitCode == 3
        run.result.outcome() == Outcome.SUCCEEDED
    }

    def "sh streams each line as a step.output event tagged out or err"() {
        when:
        def run = runner.run('''
            runbook('sh-stream') {
                step('Talk') { sh 'echo one; echo two >&2; echo three' }
            }
        ''')

        then:
        def lines = run.events('step.output').collect { [it.str('stream'), it.str('line')] }
        lines.findAll { it[0] == 'out' }*.get(1) == ['one', 'three']
        lines.findAll { it[0] == 'err' }*.get(1) == ['two']
        run.console.contains('│ one')
        run.console.contains('│ two')
    }

    def "sh output arrives while the command still runs"() {
        given: 'a command that prints, then waits for the test to react to that line before it exits'
        def go = tmp.resolve('go')
        runner.listeners << ({ Event e ->
            if (e.type() == 'step.output' && e.str('line') == 'waiting') go.toFile().createNewFile()
        } as EventListener)

        when:
        def run = runner.run('''
            runbook('sh-live') {
                param 'go'
                step('Wait') {
                    sh 'echo waiting; while [ ! -f "$GO" ]; do sleep 0.05; done; echo released', env: [GO: params.go], timeout: 10.seconds
                }
            }
        ''', [go: go.toString()])

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        run.output('Wait') == ['waiting', 'released']
    }

    def "a non-zero exit fails the step, naming the command and its last output lines"() {
        when:
        def run = runner.run('''
            runbook('sh-fail') {
                step('Restart') { sh 'echo "unit api.service not found" >&2; exit 5' }
                step('After') { sh 'echo after' }
            }
        ''')

        then:
        run.result.outcome() == Outcome.FAILED
        run.step('Restart').status == 'failed'
        run.step('After').status == 'pending'
        run.result.failure().message == 'command exited 5: echo "unit api.service not found" >&2; exit 5\n│ unit api.service not found'
        run.event('command.finished').num('exitCode') == 5
        run.console.contains('✗ failed after')
        run.console.contains('│ unit api.service not found')
    }

    def "okExitCodes lets a step accept an exit code it expects (#codes)"() {
        when:
        def run = runner.run("""
            runbook('sh-ok-codes') {
                step('Grep') { sh 'exit 1', okExitCodes: $codes }
            }
        """)

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        run.step('Grep').exitCode == 1

        where:
        codes << ['[0, 1]', '1']
    }

    def "sh timeout: kills the command and fails the step with kind timeout"() {
        when:
        def run = runner.run('''
            runbook('sh-timeout') {
                step('Hang') { sh 'sleep 300', timeout: 500.millis }
            }
        ''')

        then:
        run.result.outcome() == Outcome.FAILED
        run.result.failure().kind == 'timeout'
        run.result.failure().message == 'command timed out after 500ms: sleep 300'
        run.event('step.attempt.failed').str('kind') == 'timeout'
    }

    def "sh honours env: and dir:"() {
        given:
        def dir = Files.createDirectory(tmp.resolve('work dir'))

        when:
        def run = runner.run('''
            runbook('sh-env-dir') {
                param 'dir'
                step('Where') { sh 'echo "$GREETING from $(pwd)"', env: [GREETING: 'hello'], dir: params.dir }
            }
        ''', [dir: dir.toString()])

        then:
        run.output('Where') == ["hello from ${dir.toRealPath()}".toString()]
    }

    def "the whole output is kept when the terminal shows it slower than the command prints it"() {
        given: 'a console that takes a millisecond per line, like a slow SSH link'
        runner.listeners << ({ Event e -> if (e.type() == 'step.output') Thread.sleep(1) } as EventListener)

        when: 'a command prints 1000 lines and exits at once, its output still in the pipe'
        def run = runner.run('''
            runbook('sh-slow-console') {
                step('Dump') {
                    def r = sh 'seq 1 1000'
                    log "captured ${r.stdout.readLines().size()} lines, last ${r.stdout.readLines()[-1]}"
                }
            }
        ''')

        then:
        run.logs('Dump') == ['captured 1000 lines, last 1000']
        run.output('Dump') == (1..1000)*.toString()
        run.types().lastIndexOf('step.output') < run.types().indexOf('command.finished')
    }

    def "the whole output is kept when the terminal stalls for longer than the quiet wait after the command exited"() {
        given: 'a console that stops for 1.5 s on one line, like an SSH link that hiccups'
        runner.listeners << ({ Event e -> if (e.type() == 'step.output' && e.str('line') == '5') Thread.sleep(1500) } as EventListener)

        when: 'a command prints 20 lines and exits at once'
        def run = runner.run('''
            runbook('sh-stalled-console') {
                step('Dump') {
                    def r = sh 'seq 1 20'
                    log "captured ${r.stdout.readLines().size()} lines"
                }
            }
        ''')

        then: "the step's own stdout has every line: a reader held up by the console is not a quiet pipe"
        run.logs('Dump') == ['captured 20 lines']
        run.output('Dump') == (1..20)*.toString()
    }

    @Timeout(20)
    def "a command that leaves a background child holding stdout open does not hang the step"() {
        when:
        def run = runner.run('''
            runbook('sh-background') {
                param 'dir'
                step('Start daemon') { sh 'sleep 60 & echo $! > "$DIR/daemon"; echo started', env: [DIR: params.dir] }
                step('Next') { sh 'echo next' }
            }
        ''', [dir: tmp.toString()])
        leftovers << Processes.pidFrom(tmp.resolve('daemon'))

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        run.output('Start daemon') == ['started']
        run.output('Next') == ['next']
    }

    def "a line the run cannot take (its journal failed) does not stop the command's output being read"() {
        given: 'where each line goes throws, as an event bus whose journal failed does'
        int offered = 0
        def failingSink = { String stream, String line -> offered++; throw new IllegalStateException('journal gone') }

        when:
        def r = Shell.run(new ShellCommand('Dump', 'seq 1 5000', null, [:], tmp.toFile()), new TrackedProcesses(null), failingSink)

        then: 'the command ran to its end, all its output captured; the sink was tried once'
        r.exitCode == 0
        r.stdout.readLines().size() == 5000
        offered == 1
    }

    @Timeout(20)
    def "output that comes after the run ended is dropped quietly: nothing is thrown at the thread that read it"() {
        given: 'any exception a reader thread does not catch'
        List<Throwable> uncaught = Collections.synchronizedList([])
        def before = Thread.defaultUncaughtExceptionHandler
        Thread.defaultUncaughtExceptionHandler = { Thread t, Throwable e -> uncaught << e } as Thread.UncaughtExceptionHandler

        when: "a step's command leaves a child that prints once the run is over and its journal closed"
        def run = runner.run('''
            runbook('late-output') {
                param 'dir'
                step('Start') { sh '(sleep 1.5; echo late; echo later) & echo $! > "$DIR/child"; echo now', env: [DIR: params.dir] }
            }
        ''', [dir: tmp.toString()])
        long pid = Processes.pidFrom(tmp.resolve('child'))
        leftovers << pid
        Poll.within(10) { !ProcessHandle.of(pid).map { it.alive }.orElse(false) }
        Thread.sleep(200) // its lines reach the reader

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        uncaught.empty
        JournalReader.read(run.result.runDir()).last().type() == 'run.finished'

        cleanup:
        Thread.defaultUncaughtExceptionHandler = before
    }
}
