package dev.runbook.testing.harness

import dev.runbook.journal.EventTypes
import dev.runbook.testing.FakeShell
import dev.runbook.testing.RunbookSpecification

import java.time.Duration

/**
 * Scripted denials and approvals that time out: what a runbook does when its approvers say no, or say nothing.
 * The team file beside the runbook has two leads (lena, bob) and one support engineer (sam); the run needs one lead
 * within 90 seconds.
 */
class ApprovalScriptingSpec extends RunbookSpecification {
    def setup() {
        load 'src/test/runbooks/approvals/guarded-restart.groovy'
        shell.on('systemctl restart api')
        approver 'lena', role: 'lead'
    }

    def "a lead's denial stops the run before anything restarts: aborted, exit 3, journaled with who and why"() {
        given:
        deny 'bob', reason: 'not during the freeze'

        when:
        def result = run()

        then:
        result.aborted
        result.exitCode == 3
        result.deniedBy == ['bob']
        result.approvedBy.isEmpty()                 // the denial came first; lena was never asked
        def denied = result.events(EventTypes.APPROVAL_DENIED)[0].data()
        denied.reason == 'not during the freeze'
        denied.source == 'journal'                  // as runbook approve --deny sends it
        result.failure.contains('approval denied by bob: not during the freeze')
        notRan 'systemctl restart api'
        result.handlers == ['onFailure', 'always']
        notified slack: '#ops', text: ~/did not happen: approval denied by bob/
    }

    def "a denial from someone who may not approve is an objection: the run waits on, and the lead's approval lets it go on"() {
        given:
        deny 'sam', reason: 'I would rather wait'

        when:
        def result = run()

        then:
        result.succeeded
        result.deniedBy.isEmpty()
        result.objectedBy == ['sam']
        result.events(EventTypes.APPROVAL_OBJECTED)[0].data().why.contains('sam is support; this approval needs lead')
        result.approvedBy == ['lena']
        ran 'systemctl restart api'
    }

    def "a denial aimed at another approval is not sent to this one"() {
        given:
        deny 'bob', approval: 'database swap', reason: 'not this one'

        when:
        def result = run()

        then:
        result.succeeded
        result.deniedBy.isEmpty()
        result.approvedBy == ['lena']
    }

    def "an approval nobody answers times out after its within:, in virtual time: the run fails and its handlers run"() {
        given:
        approvalTimesOut()                          // overrides the approver setup() scripted

        when:
        def result = run()

        then:
        result.failed
        result.exitCode == 1
        result.failure.contains('no approval within 1m 30s')
        clock.elapsed() == Duration.ofSeconds(90)   // to the second, not the next whole minute
        result.approvedBy.isEmpty()
        notRan 'systemctl restart api'
        result.handlers == ['onFailure', 'always']
        notified slack: '#ops', text: ~/no approval within/
    }

    def "approvalTimesOut on an approval with no within: fails the spec: the real run would wait until someone answers"() {
        given:
        load 'src/test/runbooks/harness/app-rollback.groovy'   // requireApproval P1, no within:
        approvalTimesOut 'approval P1'

        when:
        run(version: 'v1.2.3')

        then:
        AssertionError e = thrown()
        e.message.contains("nobody answered approval 'approval P1' for 24h of virtual time")
        e.message.contains('it has no within:')
    }

    def "the handlers of an included runbook are in result.handlers, where the include ran, each with how it ended"() {
        given:
        load 'src/test/runbooks/approvals/restore-with-check.groovy'
        shell.on(~/sha256sum/) { exit 1; stderr 'latest.dump: FAILED' }
        shell.on(~/ls -l/) { exit 2; stderr 'ls: cannot access' }
        shell.on(~/wall/)

        when:
        def result = run()

        then:
        result.failed
        result.handlers == ["onFailure of 'Checksum' in 'Verify'", "onFailure in 'Verify'", 'onFailure']
        result.handlerOutcomes == ["onFailure of 'Checksum' in 'Verify'": 'failed', "onFailure in 'Verify'": 'ok', 'onFailure': 'ok']
        notRan ~/pg_restore/
    }

    def "the hint for an unscripted command is Groovy that compiles and answers exactly that command, however it is quoted or long"() {
        given:
        def fake = new FakeShell(calls, clock, [])
        def hint = FakeShell.hint(command)
        def literal = hint.substring('shell.on('.length(), hint.lastIndexOf(') { stdout'))

        expect: 'the whole hint runs as Groovy against a FakeShell, and its string is the command itself'
        new GroovyShell(new Binding(shell: fake)).evaluate(hint).is(fake)
        new GroovyShell().evaluate(literal) == command
        FakeShell.matches(new GroovyShell().evaluate(literal), command)

        where:
        command << [
                'echo "it\'s one"',
                "psql -c 'SELECT 1' \"\$DB\" \\\\ end",
                'curl -fsS -H "Authorization: Bearer $TOKEN" https://status.example.com/api/v2/components/abcdefghijk/incidents?limit=100',
                "printf '%s\\n' line1 line2\nsecond line",
        ]
    }
}
