package dev.runbook.repl

import org.jline.terminal.Terminal
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** The REPL commands ReplSpec does not drive, and leaving with Ctrl-D; through the same in-memory terminal. */
class ReplCommandsSpec extends Specification {
    static final String CTRL_D = '\u0004'
    static final String CTRL_C = '\u0003'

    @TempDir
    Path dir

    @AutoCleanup
    ReplHarness repl

    Path runbook

    def setup() {
        runbook = write('deploy.groovy', '''\
            runbook('deploy-fix') {
                param 'version', required: true, pattern: ~/v\\d+\\.\\d+\\.\\d+/
                step('Capture evidence') { sh "echo evidence for ${params.version}" }
                step('Roll back') { sh 'echo rolling back' }
                step('Verify') { log 'verified' }
                onFailure { log 'onFailure ran' }
                always { log 'always ran' }
            }
            ''')
        repl = new ReplHarness(dir)
    }

    def "approve names who answers the next approval; someone the team file does not allow is refused and the prompt asks"() {
        given: 'a lead-approval in a team with a roster: alice is a lead, bob a manager'
        def gated = write('team/gated.groovy', '''\
            runbook('gated') {
                severity P2
                requireApproval P1, reason: 'stops the service'
                step('Stop') { log 'stopped' }
            }
            ''')
        write('team/runbook.team.groovy', "team {\n member 'alice', role: 'lead'\n member 'bob', role: 'manager'\n}\n")

        when:
        repl.start().type("load ${gated}", 'approve bob', 'next')

        then:
        repl.waitFor('bob will answer the next approval point')
        repl.waitFor('✗ not accepted: bob is manager; this approval needs lead')
        repl.waitFor('? approver for approval P1')

        when:
        repl.type('alice')

        then:
        repl.waitFor('gated [2/2 Stop] >')
        repl.shown.contains('✓ approved by alice (lead, verbal, claimed, unverified)')
        repl.events().find { it.type == 'repl.command' && it.str('command') == 'approve' }.str('args') == 'bob'
    }

    def "approve NAME ROLE gives the role where the team has no roster"() {
        given: 'no team file anywhere above this folder: the built-in policy, one lead at P1'
        def gated = write('solo/gated.groovy', '''\
            runbook('gated') {
                severity P2
                requireApproval P1
                step('Stop') { log 'stopped' }
            }
            ''')

        when:
        repl.start().type("load ${gated}", 'approve dave lead', 'next')

        then:
        repl.waitFor('gated [2/2 Stop] >')
        repl.shown.contains('✓ approved by dave (lead, verbal, claimed, unverified: no team roster)')
        !repl.shown.contains('? approver for')
    }

    def "abort ends the run as aborted: its onFailure and always run, and the prompt says it is done"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'next', 'abort', 'y')

        then:
        repl.waitFor('deploy-fix [done: aborted] >')
        repl.shown.indexOf('onFailure ran') < repl.shown.indexOf('always ran')
        repl.shown.contains('Run aborted')
        with(repl.events().last()) {
            type == 'run.finished'
            str('outcome') == 'aborted'
        }

        when: 'nothing more runs in a finished run'
        repl.type('next')

        then:
        repl.waitFor('The run has finished (aborted); load the file again for a new run.')
    }

    def "run STEP runs only that step and leaves the next step where it was"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'run Verify', 'status')

        then:
        repl.waitFor('verified')
        repl.waitFor('deploy-fix [1/3 Capture evidence] >', 2) // the prompt comes back after the step's last line
        repl.waitFor('  3  ok        Verify')
        // status was typed ahead: JLine reads it only at the next prompt, so that prompt is on screen by now
        repl.shown.count('deploy-fix [1/3 Capture evidence] >') >= 2
        repl.shown =~ /(?m)^▸\s+1\s+pending\s+Capture evidence/
        repl.shown =~ /(?m)^\s+2\s+pending\s+Roll back/

        when: 'a step that does not exist'
        repl.type('run Verfy')

        then:
        repl.waitFor("✗ no step 'Verfy' — did you mean 'Verify'?")
    }

    def "log STEP shows what that step printed; log alone, the step run last"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'log', 'next', 'next', 'log Capture evidence', 'log')

        then:
        repl.waitFor('── Roll back (ok)')
        repl.shown.contains('Nothing has run yet — log STEP names one.')
        def capture = repl.shown.substring(repl.shown.indexOf('── Capture evidence (ok)'))
        capture.readLines()[1] == 'evidence for v1.2.3'
        def last = repl.shown.substring(repl.shown.indexOf('── Roll back (ok)'))
        last.readLines()[1] == 'rolling back'
    }

    def "journal lists the run's events so far, the operator's commands among them, and where the file is"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'next', 'journal')

        then:
        repl.waitFor('journal.jsonl')
        repl.shown =~ /(?m)^\s+1 \d\d:\d\d:\d\d run\.started/
        repl.shown =~ /(?m)^\s+\d+ \d\d:\d\d:\d\d repl\.command\s+\{command=next, args=Capture evidence, at=Capture evidence\}/
        repl.shown =~ /(?m)^\s+\d+ \d\d:\d\d:\d\d step\.finished\s+'Capture evidence' /
        repl.shown.contains(repl.runs.toString())
    }

    def "history lists the lines typed, numbered, and the next session still has them"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", '40 + 2', 'history')

        then:
        repl.waitFor('   3  history')
        repl.shown =~ /(?m)^\s+1  load .*deploy\.groovy -p version=v1\.2\.3$/
        repl.shown =~ /(?m)^\s+2  40 \+ 2$/
        repl.end() == 0

        when: 'a new REPL on the same history file'
        def next = new ReplHarness(dir)
        next.start().type('1 + 1', 'history')

        then:
        next.waitFor('   5  history')
        next.shown =~ /(?m)^\s+2  40 \+ 2$/
        next.shown =~ /(?m)^\s+4  1 \+ 1$/

        cleanup:
        next?.close()
    }

    def "help lists every command with what it does; help COMMAND shows how to use it"() {
        when:
        repl.start().type('help', 'help goto')

        then:
        repl.waitFor('Usage: repl goto STEP...')
        ['load', 'params', 'set', 'plan', 'next', 'run', 'break', 'skip', 'retry', 'goto', 'status', 'log', 'approve',
         'abort', 'journal', 'history', 'trace', 'help', 'exit'].every { command ->
            repl.shown =~ /(?m)^  ${command}\s+\S/
        }
        repl.shown.contains('Any other line is Groovy')
    }

    def "plan shows the steps with their commands before anything runs; without a runbook it says to load one"() {
        when:
        repl.start().type('plan', "load ${runbook} -p version=v1.2.3", 'plan')

        then:
        repl.waitFor('3. Verify')
        repl.shown.contains('No runbook loaded — load FILE first.')
        repl.shown.contains('Plan: deploy-fix')
        repl.shown.contains('1. Capture evidence')
        repl.shown.contains('sh "echo evidence for ${params.version}"')
        repl.events().every { it.type != 'step.started' }
    }

    def "Ctrl-C at the prompt clears the line typed so far and leaves the session open"() {
        given:
        def prompt = 'deploy-fix [1/3 Capture evidence] >'
        repl.start().type("load ${runbook} -p version=v1.2.3")
        repl.waitFor(prompt)

        when: 'next is typed, then Ctrl-C instead of Enter'
        repl.press('next').press(CTRL_C)

        then: 'a fresh prompt'
        repl.waitFor(prompt, 2)

        when:
        repl.type('status')

        then: 'next never ran, and status was read on its own'
        repl.waitFor('Verify')
        repl.shown =~ /(?m)^▸\s+1\s+pending\s+Capture evidence/
        !repl.shown.contains('nextstatus')
        repl.thread.alive

        and: 'nothing was done: leaving asks nothing'
        repl.end() == 0
        !repl.shown.contains('abort it and exit?')
        repl.events().every { it.type != 'step.started' }
    }

    def "a runbook given at start loads behind the prompt: lines that need no runbook answer at once, the others wait for it"() {
        given: 'a runbook whose loading waits until the spec opens a gate'
        def gate = dir.resolve('gate')
        def slow = write('slow.groovy', """\
            while (!new File('${gate}').exists()) Thread.sleep(10)
            """.stripIndent() + Files.readString(runbook))

        when:
        repl.repl.loadInBackground(slow, [version: 'v1.2.3'])
        repl.start().type('help')

        then: 'the prompt says what is loading, and help answers meanwhile'
        repl.waitFor('runbook [loading slow.groovy] >', 2)
        repl.waitFor('Leave (asks when a run is in progress).')

        when:
        repl.type('status')
        Files.createFile(gate)

        then: 'status waited for the runbook: it was loaded, then listed'
        repl.waitFor('  3  pending   Verify')
        repl.shown.indexOf('Loaded deploy-fix from') < repl.shown.indexOf('  1  pending   Capture evidence')
        repl.waitFor('deploy-fix [1/3 Capture evidence] >')
    }

    def "leaving while the runbook still loads does not wait for it"() {
        given:
        def slow = write('slow.groovy', """\
            while (!new File('${dir.resolve('never')}').exists()) Thread.sleep(10)
            """.stripIndent() + Files.readString(runbook))

        when:
        repl.repl.loadInBackground(slow, [version: 'v1.2.3'])
        repl.start().type('exit')

        then:
        repl.end() == 0
        !repl.shown.contains('Loaded')
    }

    def "a background load that dies of an Error is reported in one line and the REPL ends with 4, #when"() {
        given: 'a runbook whose top-level code throws an Error, which the compile does not report as a problem of the file'
        def dying = write('dying.groovy', """\
            ${waitFirst ? "while (!new File('${dir.resolve('go')}').exists()) Thread.sleep(10)" : ''}
            throw new InternalError('injected')
            """.stripIndent() + Files.readString(runbook))

        when:
        repl.repl.loadInBackground(dying, [version: 'v1.2.3'])
        repl.start()
        if (waitFirst) {
            assert repl.waitFor('runbook [loading dying.groovy] >')
            Files.createFile(dir.resolve('go'))
        } else {
            repl.type('status')
        }

        then: 'no hang, one line, exit 4'
        repl.thread.join(60_000)
        repl.exitCode == 4
        repl.shown.readLines().findAll { it.contains('InternalError') }*.trim() ==
                ["✗ runbook: loading ${dying} failed: java.lang.InternalError: injected".toString()]
        !repl.shown.contains('at dev.runbook')

        where:
        when                                     | waitFirst
        'while a line waits for it'              | false
        'while the operator sits at the prompt'  | true
    }

    def "Tab while the runbook still loads waits for it and offers its steps"() {
        given:
        repl.repl.loadInBackground(runbook, [version: 'v1.2.3'])

        expect:
        ReplSpec.complete(repl.repl.reader(), 'goto ').containsAll(['Capture evidence', 'Roll back', 'Verify'])
        repl.shown.contains('Loaded deploy-fix from')
    }

    def "problems in a runbook loaded behind the prompt are shown with the first line typed"() {
        given:
        def broken = write('broken.groovy', "runbook('x') {\n    step('One') { sh 'true' }\n")

        when:
        repl.repl.loadInBackground(broken, [:])
        repl.start().type('status')

        then:
        repl.waitFor('No runbook loaded — load FILE first.')
        repl.shown.indexOf('broken.groovy:3:1: the file ends before every { is closed') < repl.shown.indexOf('No runbook loaded')
    }

    def "Ctrl-D with no run in progress leaves at once"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'status')
        repl.waitFor('Capture evidence', 2)

        then:
        repl.end() == 0
        !repl.shown.contains('abort it and exit?')
    }

    def "Ctrl-D while a run is in progress asks; no keeps the session, yes aborts the run and leaves"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'next').press(CTRL_D)

        then:
        repl.waitFor('A run is in progress; abort it and exit? [y/N]')

        when:
        repl.type('n', 'status')

        then:
        repl.waitFor('  1  ok        Capture evidence')
        repl.shown =~ /(?m)^A run is in progress; abort it and exit\? \[y\/N\] n\s*$/

        when:
        repl.press(CTRL_D).type('y')

        then:
        repl.waitFor('A run is in progress; abort it and exit? [y/N]', 2)
        repl.end() == 3
        repl.events().last().str('outcome') == 'aborted'
    }

    def "the end of input at that question leaves, aborting the run: nobody is left to answer"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'next')
        repl.waitFor('deploy-fix [2/3 Roll back] >')

        then:
        repl.end() == 3
        repl.shown.contains('A run is in progress; abort it and exit? [y/N]')
        repl.events().last().str('outcome') == 'aborted'
    }

    def "Ctrl-C at the question 'abort it and exit?' says no: the run and the session go on"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'next').press(CTRL_D)
        repl.waitFor('A run is in progress; abort it and exit? [y/N]')
        repl.terminal.raise(Terminal.Signal.INT) // what the terminal does on Ctrl-C

        then: 'the prompt comes back (typing before it would answer the question)'
        repl.waitFor('deploy-fix [2/3 Roll back] >', 2)

        when:
        repl.type('status')

        then:
        repl.waitFor('  1  ok        Capture evidence')
        repl.shown =~ /(?m)^▸\s+2\s+pending\s+Roll back/
        !repl.shown.contains('Run aborted')

        when:
        repl.type('next')

        then:
        repl.waitFor('deploy-fix [3/3 Verify] >')
        repl.events().findAll { it.type == 'step.finished' }.size() == 2
    }

    def "leaving before any step ran runs none of the runbook's handlers: nothing was done that they could answer"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'exit')

        then:
        repl.end() == 0
        !repl.shown.contains('onFailure ran')
        !repl.shown.contains('always ran')
        repl.events().isEmpty() // no run opened: nothing was done, nothing is journaled (issue 21, item 4)
    }

    private Path write(String name, String text) {
        Path file = dir.resolve(name)
        Files.createDirectories(file.parent)
        Files.writeString(file, text.stripIndent())
    }
}
