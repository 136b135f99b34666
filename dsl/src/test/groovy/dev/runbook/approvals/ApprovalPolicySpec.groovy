package dev.runbook.approvals

import dev.runbook.compile.RunbookCompiler
import dev.runbook.compile.TeamFiles
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

/** Which team policy governs a run, and what each severity needs: waivers, roles, quorum, distinct roles. */
class ApprovalPolicySpec extends Specification {
    static final String ROSTER = """
        team {
            member 'alice', role: 'lead'
            member 'erin', role: 'lead'
            member 'bob', role: 'manager'
            member 'dave', role: 'manager'
            member 'carol', roles: ['lead', 'manager']
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
        server.reply('/slack', [status: 200, body: 'ok', contentType: 'text/plain'])
    }

    private Team team(String policies = '') {
        Path f = tmp.resolve('team.groovy')
        Files.writeString(f, String.format(ROSTER, policies))
        new RunbookCompiler().compileTeam(f)
    }

    private static String approvalAt(String level, String within = '1.minute') {
        """
        runbook('needs-approval') {
            severity P2
            step('Prepare') { log 'prepared' }
            requireApproval $level, within: $within
            step('Change') { log 'changed' }
        }
        """
    }

    // ---- where the policy comes from ------------------------------------------------------------------------

    def "the team file beside the runbook governs it"() {
        given:
        Path dir = Files.createDirectories(tmp.resolve('repo/runbooks'))
        Path runbook = Files.writeString(dir.resolve('rollback.groovy'), "runbook('r') { step('s') { log 'x' } }")
        Files.writeString(dir.resolve('runbook.team.groovy'), "team { member 'alice', role: 'lead'\n policy P2, role: 'lead' }")
        Files.createDirectories(tmp.resolve('repo/.runbook'))
        Files.writeString(tmp.resolve('repo/.runbook/team.groovy'), "team { member 'zed', role: 'lead' }")

        when:
        def team = TeamFiles.load(null, runbook, tmp, new RunbookCompiler())

        then:
        TeamFiles.find(runbook, tmp).get() == dir.resolve('runbook.team.groovy')
        team.source().endsWith('runbook.team.groovy')
        team.members()*.name() == ['alice']
        team.rules()[Severity.P2].roles() == ['lead']
    }

    def "a .runbook/team.groovy in the runbook's folder or above governs it when there is none beside it"() {
        given:
        Path dir = Files.createDirectories(tmp.resolve('repo/runbooks/db'))
        Path runbook = Files.writeString(dir.resolve('failover.groovy'), "runbook('r') { step('s') { log 'x' } }")
        Files.createDirectories(tmp.resolve('repo/.runbook'))
        Files.writeString(tmp.resolve('repo/.runbook/team.groovy'), "team { member 'zed', role: 'manager' }")

        when:
        def team = TeamFiles.load(null, runbook, tmp, new RunbookCompiler())

        then:
        TeamFiles.find(runbook, tmp).get() == tmp.resolve('repo/.runbook/team.groovy')
        team.members()*.name() == ['zed']
    }

    def "with no team file the built-in policy applies: P0 waived, P1 one lead, P2 and P3 one manager"() {
        given:
        Path dir = Files.createDirectories(tmp.resolve('alone'))
        Path runbook = Files.writeString(dir.resolve('x.groovy'), "runbook('r') { step('s') { log 'x' } }")

        when:
        def team = TeamFiles.load(null, runbook, dir, new RunbookCompiler())

        then:
        team.source() == 'built-in default'
        !team.hasRoster()
        team.rules()[Severity.P0].waived()
        team.rules().collectEntries { k, v -> [k, v.describe()] } == [
                (Severity.P0): 'none (waived at P0 for one-approver rules, once the team is notified)',
                (Severity.P1): 'one lead', (Severity.P2): 'one manager', (Severity.P3): 'one manager']
    }

    // ---- the built-in policy ----------------------------------------------------------------------------------

    def "the built-in policy at #level needs #needs, so #approver is #verdict"() {
        given: 'no roster: approvers state their role'
        harness.severity = Severity.valueOf(level)
        harness.approvedBy = [approver]

        when:
        def result = harness.run(approvalAt(level))

        then:
        harness.event('approval.requested').str('needs') == needs
        harness.event('approval.requested').str('team') == 'built-in default'
        // a refused --approved-by in a run nobody attends stops it at once (exit 3) instead of waiting out within:
        result.outcome() == (verdict == 'granted' ? Outcome.SUCCEEDED : Outcome.ABORTED)
        harness.events("approval.$verdict").size() == 1

        where:
        level | approver       || needs                 | verdict
        'P1'  | 'alice:lead'   || 'one lead (P1)'       | 'granted'
        'P1'  | 'bob:manager'  || 'one lead (P1)'       | 'refused'
        'P2'  | 'bob:manager'  || 'one manager (P2)'    | 'granted'
        'P2'  | 'alice:lead'   || 'one manager (P2)'    | 'refused'
        'P3'  | 'bob:manager'  || 'one manager (P3)'    | 'granted'
    }

    def "at P0 the approval is waived, journaled, and the team is told on Slack afterwards"() {
        given:
        harness.severity = Severity.P0
        harness.env = [SLACK_WEBHOOK: server.url('/slack')]

        when:
        def result = harness.run(approvalAt('P1'))

        then: 'nobody approved and the run went on'
        result.outcome() == Outcome.SUCCEEDED
        harness.events('approval.granted').isEmpty()
        harness.event('approval.requested').str('needs') == 'nothing: waived'
        def waived = harness.event('approval.waived')
        waived.str('why') == 'the policy waives approvals at P0'
        waived.str('notified') == 'slack'

        and: 'the Slack webhook got incoming-webhook JSON that says so'
        def sent = server.receivedAt('/slack')
        sent.size() == 1
        sent[0].json.keySet() == ['text'] as Set
        sent[0].json.text == "Runbook needs-approval (run ${result.runId()}): approval waived (P0), notify after. " +
                "Operator: olivia. approval P1"
    }

    def "a P0 waiver with no notification target is no waiver: the normal approval is asked for, and the journal says why"() {
        given:
        harness.severity = Severity.P0

        when:
        def result = harness.run(approvalAt('P1'))

        then:
        result.outcome() == Outcome.FAILED
        harness.events('approval.waived').isEmpty()
        harness.event('approval.not-waived').str('why') == 'a waiver needs the team told at once, and no notification target is ' +
                'configured (slack webhook: in the team file, or SLACK_WEBHOOK)'
        harness.event('approval.requested').str('needs') == 'one lead (P1)'
        result.failure().message == 'no approval within 1m (needed one lead (P1), got 0)'
    }

    // ---- the run's severity -------------------------------------------------------------------------------

    def "the run's severity decides: requireApproval #level in a #runSeverity run needs #needs"() {
        given:
        harness.team = team()
        harness.severity = runSeverity == null ? null : Severity.valueOf(runSeverity)
        harness.approvedBy = ['carol']
        harness.env = [SLACK_WEBHOOK: server.url('/slack')]

        when:
        def result = harness.run(approvalAt(level))

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.event('approval.requested').str('runSeverity') == (runSeverity ?: 'P2')
        harness.event('approval.requested').str('needs') == needs

        where:
        level | runSeverity || needs
        'P1'  | null        || 'one lead (P1)'
        'P1'  | 'P0'        || 'nothing: waived'
        'P2'  | 'P1'        || 'one lead (P1)'
        'P3'  | 'P3'        || 'one manager (P3)'
    }

    // ---- quorum and distinct roles ------------------------------------------------------------------------

    def "a quorum policy (count: 2) needs two distinct approvers of the role"() {
        given:
        harness.team = team("policy P2, role: 'manager', count: 2")
        harness.approvedBy = ['bob', 'bob', 'dave']

        when:
        def result = harness.run(approvalAt('P2'))

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.event('approval.requested').str('needs') == '2 × manager (P2)'
        harness.events('approval.granted')*.str('by') == ['bob', 'dave']
        harness.event('approval.satisfied').get('by') == ['bob', 'dave']
    }

    def "one approver short of the quorum, the approval times out and says what it got"() {
        given:
        harness.team = team("policy P2, role: 'manager', count: 2")
        harness.approvedBy = ['bob']

        when:
        def result = harness.run(approvalAt('P2', '5.minutes'))

        then:
        result.outcome() == Outcome.FAILED
        result.failure().step == 'approval P2'
        result.failure().message == 'no approval within 5m (needed 2 × manager (P2), got 1)'
        clock.elapsed() >= Duration.ofMinutes(5)
        !harness.events('step.started')*.str('step').contains('Change')
    }

    def "a policy with distinct roles needs one approver of each, and a second of the same role is refused"() {
        given:
        harness.team = team("policy P1, roles: ['lead', 'security']")
        harness.approvedBy = ['alice', 'erin', 'sam']

        when:
        def result = harness.run(approvalAt('P1'))

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.event('approval.requested').str('needs') == 'one lead and one security (P1)'
        harness.events('approval.granted')*.str('by') == ['alice', 'sam']
        harness.event('approval.refused').str('by') == 'erin'
        harness.event('approval.refused').str('why') == "erin's role (lead) has already approved; still needed: security"
    }

    // ---- requireApproval forms ------------------------------------------------------------------------------

    def "requireApproval at the top level blocks before the next step"() {
        given:
        harness.team = team()
        harness.approvedBy = ['alice']

        when:
        harness.run(approvalAt('P1'))

        then:
        harness.journal.findAll { it.type() in ['step.finished', 'approval.requested', 'approval.granted', 'approval.satisfied', 'step.started'] }
                .collect { it.type() + ' ' + (it.str('step') ?: it.str('approval')) } == [
                'step.started Prepare', 'step.finished Prepare',
                'step.started approval P1', 'approval.requested approval P1', 'approval.granted approval P1',
                'approval.satisfied approval P1', 'step.finished approval P1',
                'step.started Change', 'step.finished Change']
    }

    def "requireApproval inside a step waits at that point of the step"() {
        given:
        harness.team = team()
        harness.approvedBy = ['alice']

        when:
        def result = harness.run("""
            runbook('inside') {
                step('Risky') {
                    log 'before the approval'
                    requireApproval P1
                    log 'after the approval'
                }
            }
        """)

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.journal.findAll { it.type() in ['step.log', 'approval.requested', 'approval.granted'] }
                .collect { it.type() + ' ' + (it.str('text') ?: it.str('by') ?: it.str('needs')) } == [
                'step.log before the approval', 'approval.requested one lead (P1)', 'approval.granted alice', 'step.log after the approval']
        harness.event('approval.requested').str('step') == 'Risky'
    }

    def "an explicit requireApproval names the role, the count and the reason approvers see"() {
        given:
        harness.team = team()
        harness.approvedBy = ['bob', 'alice', 'carol']

        when:
        def result = harness.run("""
            runbook('explicit') {
                severity P3
                requireApproval role: 'manager', count: 2, reason: 'drops the old replica set'
                step('Drop') { log 'dropped' }
            }
        """)

        then:
        result.outcome() == Outcome.SUCCEEDED
        def requested = harness.event('approval.requested')
        requested.str('needs') == '2 × manager'
        requested.str('reason') == 'drops the old replica set'
        harness.events('approval.granted')*.str('by') == ['bob', 'carol']
        harness.event('approval.refused').str('why') == 'alice is lead; this approval needs manager'
    }
}
