package dev.runbook.repl

import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Issue 21, items 1–3: an approval in the REPL cannot be passed by a word, and nobody answering never spins. */
class ReplApprovalSpec extends Specification {
    @TempDir
    Path dir

    @AutoCleanup
    ReplHarness repl

    Path runbook

    def setup() {
        // no team file above this folder: the built-in policy (one lead at P1); any other person counts
        runbook = dir.resolve('gated.groovy')
        Files.writeString(runbook, '''\
            runbook('gated') {
                severity P2
                step('Look') { log 'looked' }
                requireApproval P1, reason: 'stops the service'
                step('Stop') { log 'STOPPED THE SERVICE' }
                step('Start') { log 'started' }
            }
            '''.stripIndent())
        repl = new ReplHarness(dir)
    }

    def "input that ends at the approver question ends the session: the run is aborted, exit 3, the question asked once"() {
        when:
        repl.start().type("load ${runbook}", 'next', 'next')
        repl.waitFor('? approver for approval P1')
        int code = repl.end()

        then:
        code == 3
        repl.shown.count('? approver for approval P1') == 1
        repl.shown.contains("✗ end of input at the question 'approver for approval P1': nobody is left to answer; the session ends and the run is aborted")
        repl.events().last().type == 'run.finished'
        repl.events().last().str('outcome') == 'aborted'
        !repl.shown.contains('STOPPED THE SERVICE')
    }

    def "input that ends at a manual item or at a yes/no question ends the session too"() {
        given:
        def manual = dir.resolve('manual.groovy')
        Files.writeString(manual, "runbook('manual') {\n step('A') { log 'a' }\n manual 'Tell #incidents'\n step('B') { log 'b' }\n}\n")

        when:
        repl.start().type("load ${manual}", 'next', 'next', '')

        then: 'Enter at a manual item asks again rather than failing it'
        repl.waitFor('? Tell #incidents  done? [y/n]', 2)

        when:
        int code = repl.end()

        then:
        code == 3
        repl.shown.contains("✗ end of input at the question 'Tell #incidents': nobody is left to answer")
        repl.events().last().str('outcome') == 'aborted'
    }

    def "skip at an approval is refused and says why; the run cannot finish without it"() {
        when:
        repl.start().type("load ${runbook}", 'next', 'skip', 'status')

        then:
        repl.waitFor("✗ 'approval P1' is an approval and cannot be skipped")
        repl.waitFor('gated [2/4 approval P1] >', 2)
        !repl.events().any { it.type == 'step.skipped' }
    }

    def "run STEP, goto and run cannot start a step that stands after an approval not granted"() {
        when:
        repl.start().type("load ${runbook}", 'run Stop', 'goto Stop', 'y', 'next', 'run')

        then:
        repl.waitFor("✗ 'Stop' stands after 'approval P1', which is not granted", 3)
        repl.shown.contains("'approval P1' is not granted: no step after it runs until it is")
        !repl.shown.contains('STOPPED THE SERVICE')
        !repl.events().any { it.type == 'step.started' && it.str('step') == 'Stop' }
    }

    def "a denial ends the run as aborted: skip after it changes nothing"() {
        when:
        repl.start().type("load ${runbook}", 'next', 'next', 'deny not now', 'skip', 'next')

        then:
        repl.waitFor('gated [done: aborted] >')
        repl.waitFor('The run has finished (aborted)', 2)
        !repl.shown.contains('STOPPED THE SERVICE')
        repl.events().find { it.type == 'run.finished' }.str('outcome') == 'aborted'
        repl.end() == 3
    }

    def "abort asks first: no keeps the run going"() {
        when:
        repl.start().type("load ${runbook}", 'next', 'abort', 'n', 'status', 'abort', 'y')

        then:
        repl.waitFor('Abort the run? It ends as aborted; its onFailure and always run. [y/N]', 2)
        repl.waitFor('gated [done: aborted] >')
        repl.shown.contains('The run goes on.')
    }

    def "an approval from another terminal applies at once while the prompt waits at the approver question"() {
        when:
        repl.start().type("load ${runbook}", 'next', 'next')
        repl.waitFor('? approver for approval P1')
        def session = repl.repl.driver().session().get()
        def request = repl.events().findAll { it.type == 'approval.requested' }.last()
        // as runbook approve sends it: the answer to this request (run, approval, nonce), else it is refused as a replay
        session.store().sendDecision(session.id(), [by: 'alice', decision: 'approve', role: 'lead', run: session.id(),
                                                    approval: request.str('approval'), nonce: request.str('nonce')])

        then: 'no Enter typed: the run takes it and the prompt moves on'
        repl.waitFor('gated [3/4 Stop] >')
        repl.shown.contains('✓ approved by alice')
        repl.events().any { it.type == 'approval.granted' && it.str('source') == 'journal' }
    }

    def "within: fires while the prompt waits at the approver question"() {
        given:
        Files.writeString(runbook, Files.readString(runbook).replace("reason: 'stops the service'", "reason: 'x', within: 2.seconds"))

        when:
        repl.start().type("load ${runbook}", 'next', 'next')

        then:
        repl.waitFor('no approval within 2.0s')
        repl.waitFor('gated [2/4 approval P1] failed >')
    }

    def "Ctrl-C at the approver question brings the prompt back with the approval still to do"() {
        when:
        repl.start().type("load ${runbook}", 'next', 'next')
        repl.waitFor('? approver for approval P1')
        repl.press(ReplCommandsSpec.CTRL_C)

        then:
        repl.waitFor('gated [2/4 approval P1] failed >')
        repl.shown.count('? approver for approval P1') == 1

        when: 'next asks again; an approver there lets the run on'
        repl.type('next', 'dave lead')

        then:
        repl.waitFor('gated [3/4 Stop] >')
    }
}
