package dev.runbook.approvals

import dev.runbook.compile.RunbookCompiler
import dev.runbook.engine.Outcome
import dev.runbook.model.Team
import dev.runbook.testing.RunHarness
import dev.runbook.testing.ScriptedOperator
import dev.runbook.testing.VirtualClock
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * Who may approve and how it is recorded: the operator's own run, unknown people and wrong roles are refused;
 * the prompt records "verbal", --approved-by records "flag"; a denial stops the run; silence times out.
 */
class ApprovalSourcesSpec extends Specification {
    static final String RUNBOOK = """
        runbook('db-failover') {
            severity P1
            step('Check replica') { log 'replica in sync' }
            requireApproval P1, within: 10.minutes, reason: 'promotes the replica'
            step('Promote') { log 'promoted' }
        }
    """

    @TempDir Path tmp
    RunHarness harness
    VirtualClock clock = new VirtualClock()

    def setup() {
        harness = new RunHarness(tmp.resolve('runs'))
        harness.clock = clock
        Path f = Files.writeString(tmp.resolve('team.groovy'), """
            team {
                member 'alice', role: 'lead'
                member 'olivia', role: 'lead'
                member 'bob', role: 'manager'
            }
        """)
        harness.team = new RunbookCompiler().compileTeam(f)
        harness.operatorName = 'olivia'
    }

    def "--approved-by is checked against the team and recorded as the flag source, with who, role and when"() {
        given:
        harness.approvedBy = ['alice']

        when:
        def result = harness.run(RUNBOOK)

        then:
        result.outcome() == Outcome.SUCCEEDED
        def requested = harness.event('approval.requested')
        requested.str('needs') == 'one lead (P1)'
        requested.str('reason') == 'promotes the replica'
        requested.str('run') == result.runId()
        def granted = harness.event('approval.granted')
        // alice has no key:, login: or dbRole: in the team: her name is checked against the roster, but claimed
        granted.data().subMap('approval', 'by', 'source', 'roles', 'verified', 'verification') ==
                [approval: 'approval P1', by: 'alice', source: 'flag', roles: ['lead'], verified: false, verification: 'claimed']
        granted.at() == clock.instant()
    }

    def "the operator may not approve their own run, even as a lead"() {
        given:
        harness.approvedBy = ['olivia']

        when:
        def result = harness.run(RUNBOOK)

        then:
        def refused = harness.event('approval.refused')
        refused.str('by') == 'olivia'
        refused.str('source') == 'flag'
        refused.str('why') == 'olivia runs this run and may not approve it; another person must'
        harness.events('approval.granted').isEmpty()

        and: 'nobody at a terminal can name another approver: the run stops at once instead of waiting out its window'
        result.outcome() == Outcome.ABORTED
        result.failure().message == '--approved-by refused: olivia runs this run and may not approve it; another person must ' +
                '(approval P1 needs one lead (P1))'
        clock.elapsed() < Duration.ofMinutes(10)
        !harness.events('step.started')*.str('step').contains('Promote')
    }

    def "#who is refused: #why"() {
        given:
        harness.approvedBy = [who, 'alice']

        when:
        def result = harness.run(RUNBOOK)

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.event('approval.refused').str('by') == who
        harness.event('approval.refused').str('why') == why.replace('TEAM', tmp.resolve('team.groovy').toString())
        harness.event('approval.granted').str('by') == 'alice'

        where:
        who       || why
        'mallory' || 'mallory is not in the team file (TEAM)'
        'bob'     || 'bob is manager; this approval needs lead'
    }

    def "at the prompt the operator records who approved, as verbal"() {
        given: 'the operator first names someone not in the team, then alice'
        def operator = new ScriptedOperator('mallory', 'alice')
        harness.operator = operator

        when:
        def result = harness.run(RUNBOOK)

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.event('approval.refused').data().subMap('by', 'source') == [by: 'mallory', source: 'verbal']
        harness.event('approval.granted').data().subMap('by', 'source', 'roles', 'recordedBy') ==
                [by: 'alice', source: 'verbal', roles: ['lead'], recordedBy: 'olivia']

        and: 'the prompt says what is needed and how to approve from elsewhere'
        operator.prompts[0] == "approver for approval P1 (one lead (P1)): name, 'NAME ROLE', or 'deny REASON' — " +
                "or approve from another terminal: runbook approve ${result.runId()} --as NAME"
    }

    def "without a roster, the prompt takes the approver's role as said, and records it unverified"() {
        given:
        harness.team = Team.defaults()
        harness.operator = new ScriptedOperator('dan manager', 'erin lead')

        when:
        def result = harness.run(RUNBOOK)

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.event('approval.refused').str('why') == 'dan is manager; this approval needs lead'
        harness.event('approval.granted').data().subMap('by', 'roles', 'verified') == [by: 'erin', roles: ['lead'], verified: false]
    }

    def "a denial at the prompt stops the run as aborted (exit code 3), with who and why"() {
        given:
        harness.operator = new ScriptedOperator('deny the replica is 40 s behind')

        when:
        def result = harness.run(RUNBOOK)

        then:
        result.outcome() == Outcome.ABORTED
        result.exitCode() == 3
        result.failure().message == 'approval denied by olivia: the replica is 40 s behind'
        harness.event('approval.denied').data().subMap('by', 'roles', 'source', 'reason') ==
                [by: 'olivia', roles: ['lead'], source: 'verbal', reason: 'the replica is 40 s behind']
        harness.events('approval.granted').isEmpty()
        harness.event('run.finished').str('outcome') == 'aborted'
        !harness.events('step.started')*.str('step').contains('Promote')
    }

    def "an approver whose name starts with 'deny' approves: only the word deny on its own denies"() {
        given: 'a roster where the lead is called denys'
        harness.team = new Team('TEAM', [new Team.Member('denys', ['lead'])], [:], Team.NotifySettings.NONE)
        harness.operator = new ScriptedOperator('denys')

        when:
        def result = harness.run(RUNBOOK)

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.event('approval.granted').data().subMap('by', 'source') == [by: 'denys', source: 'verbal']
        harness.events('approval.denied').isEmpty()
    }

    def "nobody answering within: fails the approval step"() {
        when:
        def result = harness.run(RUNBOOK)

        then:
        result.outcome() == Outcome.FAILED
        result.exitCode() == 1
        result.failure().step == 'approval P1'
        result.failure().message == 'no approval within 10m (needed one lead (P1), got 0)'
        harness.events('step.finished').find { it.str('step') == 'approval P1' }.str('status') == 'failed'
    }
}
