package dev.runbook.approvals

import dev.runbook.compile.RunbookCompiler
import dev.runbook.diag.RunbookProblemsException
import dev.runbook.engine.Outcome
import dev.runbook.model.Severity
import dev.runbook.model.Team
import dev.runbook.testing.RunHarness
import dev.runbook.testing.ScriptedHttpServer
import dev.runbook.testing.VirtualClock
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * The authority a severity carries: what a P0 may waive (one-approver rules, never a quorum or four eyes, and only
 * once the team is told through a real webhook), who declared it, and a severity decided during the run.
 */
class SeverityAuthoritySpec extends Specification {
    static final String ROSTER = """
        team {
            member 'alice', role: 'lead'
            member 'erin', role: 'lead'
            member 'bob', role: 'manager'
            member 'dave', role: 'manager'
            member 'sam', role: 'security'
            %s
        }
    """

    @TempDir Path tmp
    @AutoCleanup ScriptedHttpServer server = new ScriptedHttpServer()
    RunHarness harness
    VirtualClock clock = new VirtualClock()

    def setup() {
        harness = new RunHarness(tmp.resolve('runs'))
        harness.clock = clock
        harness.team = team()
        server.reply('/slack', [status: 200, body: 'ok', contentType: 'text/plain'])
    }

    private Team team(String policies = '') {
        Path f = tmp.resolve('team.groovy')
        Files.writeString(f, String.format(ROSTER, policies))
        new RunbookCompiler().compileTeam(f)
    }

    private static String approval(String require) {
        """
        runbook('needs-approval') {
            severity P2
            step('Prepare') { log 'prepared' }
            $require
            step('Change') { log 'changed' }
        }
        """
    }

    def "at P0 with the webhook delivered, a one-approver rule is waived, and who declared P0 is journaled"() {
        given:
        harness.severity = Severity.P0
        harness.env = [SLACK_WEBHOOK: server.url('/slack')]

        when:
        def result = harness.run(approval("requireApproval P1, within: 5.minutes"))

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.events('approval.granted').isEmpty()
        harness.event('approval.waived').data().subMap('notified', 'operator') == [notified: 'slack', operator: 'olivia']
        server.receivedAt('/slack').size() == 1
        server.receivedAt('/slack')[0].json.text.contains('approval waived (P0)')

        and: 'declaring P0 is a decision journaled with who made it'
        harness.event('severity.declared').data().subMap('severity', 'runbookSeverity', 'by', 'source', 'osUser') ==
                [severity: 'P0', runbookSeverity: 'P2', by: 'olivia', source: '--severity', osUser: System.getProperty('user.name')]
    }

    def "P0 never waives #what: the normal approval is asked for, and the journal says why"() {
        given:
        harness.team = team(policy)
        harness.severity = Severity.P0
        harness.env = [SLACK_WEBHOOK: server.url('/slack')]
        harness.approvedBy = approvers

        when:
        def result = harness.run(approval(require))

        then: 'no waiver, no notice: the approvers were needed and counted'
        result.outcome() == Outcome.SUCCEEDED
        harness.events('approval.waived').isEmpty()
        server.receivedAt('/slack').isEmpty()
        harness.event('approval.not-waived').str('why') == why
        harness.event('approval.requested').str('needs') == needs
        harness.events('approval.granted')*.str('by') == approvers

        where:
        what                  | policy                               | require                                                || approvers        | needs                           | why
        'an explicit quorum'  | ''                                   | "requireApproval role: 'manager', count: 2"            || ['bob', 'dave']  | '2 × manager'                   | 'P0 never waives an approval that needs 2 × manager (a quorum or four eyes)'
        'a quorum policy'     | "policy P1, role: 'lead', count: 2"  | 'requireApproval P2'                                   || ['alice', 'erin'] | '2 × lead (P1)'                 | 'P0 never waives an approval that needs 2 × lead (P1) (a quorum or four eyes)'
        'a four-eyes policy'  | "policy P1, roles: ['lead', 'security']" | 'requireApproval P1'                             || ['alice', 'sam'] | 'one lead and one security (P1)' | 'P0 never waives an approval that needs one lead and one security (P1) (a quorum or four eyes)'
        'what waives: leaves out' | 'policy P0, waived: true, waives: [P2]' | 'requireApproval P1'                            || ['alice']        | 'one lead (P1)'                 | "the team file's policy P0 waives only P2"
    }

    def "a waives: list naming a quorum level is refused in the team file, with where"() {
        when:
        team("policy P0, waived: true, waives: [P1]\n policy P1, role: 'lead', count: 2")

        then:
        def e = thrown(RunbookProblemsException)
        // where the roster cannot meet P1's quorum either, that is reported beside it, at the policy
        def shown = e.problems()*.toString()
        shown[0] == "${tmp.resolve('team.groovy')}:8:13: policy P0 waives P1, whose rule needs 2 × lead, and a quorum or four-eyes rule is never waived — take P1 out of waives:".toString()
        shown.drop(1).every { it.contains('can never be met') }
    }

    def "at P0 a waiver whose notice is #failure is not a waiver: the normal approval is asked for"() {
        given:
        harness.severity = Severity.P0
        harness.env = env(server)
        harness.approvedBy = ['alice']
        server.reply('/broken', [status: 500, body: 'no'])

        when:
        def result = harness.run(approval('requireApproval P1, within: 5.minutes'))

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.events('approval.waived').isEmpty()
        harness.event('approval.not-waived').str('why').startsWith(why)
        harness.event('approval.requested').str('needs') == 'one lead (P1)'
        harness.event('approval.granted').str('by') == 'alice'

        where:
        failure                | env                                                     || why
        'not configured'       | { s -> [:] }                                            || 'a waiver needs the team told at once, and no notification target is configured'
        'refused by the hook'  | { ScriptedHttpServer s -> [SLACK_WEBHOOK: s.url('/broken')] } || 'a waiver needs the team told at once, and the Slack notice was not delivered'
    }

    def "run.severity set in a step is journaled, and later approvals follow it: #set makes requireApproval P2 need #needs"() {
        given:
        harness.env = [SLACK_WEBHOOK: server.url('/slack')]
        harness.approvedBy = approvers

        when:
        def result = harness.run("""
            runbook('matrix') {
                severity P3
                step('Assess') { run.severity = $set }
                requireApproval P2, within: 5.minutes
                step('Change') { log "at \${run.severity}" }
            }
        """)

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.event('severity.changed').data().subMap('from', 'severity', 'step', 'operator') ==
                [from: 'P3', severity: set.replace("'", ''), step: 'Assess', operator: 'olivia']
        harness.event('approval.requested').str('runSeverity') == set.replace("'", '')
        harness.event('approval.requested').str('needs') == needs
        harness.events('approval.waived').size() == waived
        harness.events('step.log')*.str('text') == ["at ${set.replace("'", '')}"]

        where:
        set    || approvers  | needs             | waived
        'P1'   || ['alice']  | 'one lead (P1)'   | 0
        "'P2'" || ['bob']    | 'one manager (P2)' | 0
        'P0'   || []         | 'nothing: waived' | 1
    }

    def "run.severity given something that is not a severity fails the step and says what it takes"() {
        when:
        def result = harness.run("runbook('bad') { step('Assess') { run.severity = 'urgent' } }")

        then:
        result.outcome() == Outcome.FAILED
        result.failure().message.contains("run.severity must be P0, P1, P2 or P3, not 'urgent'")
        harness.events('severity.changed').isEmpty()
    }

    def "a non-interactive run whose --approved-by is refused (#why) fails at once with exit 3, not at within:"() {
        given:
        harness.operatorName = 'olivia'
        harness.approvedBy = [who]

        when:
        def result = harness.run(approval('requireApproval P1, within: 30.minutes'))

        then:
        result.outcome() == Outcome.ABORTED
        result.exitCode() == 3
        result.failure().message == "--approved-by refused: $why (approval P1 needs one lead (P1))".toString()
                .replace('TEAM', tmp.resolve('team.groovy').toString())
        clock.elapsed() < Duration.ofMinutes(1)
        !harness.events('step.started')*.str('step').contains('Change')

        where:
        who       || why
        'olivia'  || 'olivia runs this run and may not approve it; another person must'
        'bob'     || 'bob is manager; this approval needs lead'
        'mallory' || 'mallory is not in the team file (TEAM)'
    }

    def "at P0 a less urgent four-eyes rule gives way as it would at P1: P0 lifts what P1 would need (HotDash's matrix)"() {
        given: 'P3 needs a manager and a product owner; a P1 run needs one lead for it, so a P0 run lifts that one lead'
        harness.team = team("member 'paula', role: 'product'\n policy P3, roles: ['manager', 'product']")
        harness.severity = Severity.P0
        harness.env = [SLACK_WEBHOOK: server.url('/slack')]

        when:
        def result = harness.run(approval('requireApproval P3'))

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.event('approval.waived').str('notified') == 'slack'
        harness.events('approval.not-waived').isEmpty()
    }
}
