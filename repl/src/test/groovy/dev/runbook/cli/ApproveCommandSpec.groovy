package dev.runbook.cli

import dev.runbook.journal.Event
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.time.Instant

/**
 * {@code runbook approve RUN --as NAME [--deny --reason ...]} from a second terminal (a second thread here)
 * while {@code runbook exec} waits at {@code requireApproval}.
 */
class ApproveCommandSpec extends Specification {
    @TempDir Path tmp
    Path runs
    Path runbook

    def setup() {
        runs = tmp.resolve('runs')
        runbook = tmp.resolve('failover.groovy')
        Files.writeString(runbook, """
            runbook('db-failover') {
                severity P1
                step('Check replica') { log 'replica in sync' }
                requireApproval P1, within: 2.minutes
                step('Promote') { log 'promoted' }
            }
        """)
        Files.writeString(tmp.resolve('runbook.team.groovy'), """
            team {
                member 'alice', role: 'lead'
                member 'olivia', role: 'lead'
                member 'bob', role: 'manager'
            }
        """)
    }

    private CliSession startExec(String... more) {
        CliSession.start(['exec', runbook, '--journal', runs, '--operator', 'olivia', *more] as Object[])
    }

    private static Event only(List<Event> events, String type) {
        def found = events.findAll { it.type() == type }
        assert found.size() == 1: "$type: ${found*.data()}"
        found[0]
    }

    def "an approval from another terminal lets the waiting run go on within a second"() {
        given:
        def exec = startExec()
        Path runDir = CliSession.awaitApprovalRequest(runs)
        String runId = runDir.fileName.toString()

        when:
        Instant sent = Instant.now()
        def approve = CliSession.run('approve', runId, '--as', 'alice', '--journal', runs)

        then: 'the command says where its approval went and that the run accepted it'
        approve.exitCode() == 0
        approve.output.contains("Approval by alice sent to run $runId (approval P1: needs one lead (P1))")
        approve.output.contains('✓ accepted: alice approved ([lead]; claimed, unverified; sent by OS user')

        and: 'the run finished its steps'
        exec.exitCode() == 0
        def journal = CliSession.journalOf(runDir)
        journal.findAll { it.type() == 'step.finished' }*.str('step') == ['Check replica', 'approval P1', 'Promote']

        and: 'the grant is journaled with who, role, source and when, and came within a second'
        def granted = only(journal, 'approval.granted')
        granted.data().subMap('by', 'source', 'roles', 'verified', 'verification') == [by: 'alice', source: 'journal', roles: ['lead'], verified: false, verification: 'claimed']
        granted.str('ref') ==~ /\d+-alice\.json/
        Duration.between(sent, granted.at()) < Duration.ofSeconds(1)
    }

    def "a denial from another terminal stops the run with exit code 3, journaled with who and why"() {
        given:
        def exec = startExec()
        Path runDir = CliSession.awaitApprovalRequest(runs)

        when: 'no run id: the one waiting run is meant'
        def deny = CliSession.run('approve', '--as', 'alice', '--deny', '--reason', 'wait for the DBA', '--journal', runs)

        then:
        deny.exitCode() == 0
        deny.output.contains('✓ the run recorded the denial and stops')
        exec.exitCode() == 3
        exec.output.contains('approval denied by alice: wait for the DBA')

        and:
        def journal = CliSession.journalOf(runDir)
        only(journal, 'approval.denied').data().subMap('by', 'roles', 'source', 'reason') == [by: 'alice', roles: ['lead'], source: 'journal', reason: 'wait for the DBA']
        only(journal, 'approval.denied').str('ref') ==~ /\d+-alice\.json/
        only(journal, 'run.finished').str('outcome') == 'aborted'
        !journal.any { it.type() == 'step.started' && it.str('step') == 'Promote' }
    }

    def "a denial from someone who could not approve is an objection: journaled, shown to the approvers, and the run keeps waiting"() {
        given:
        def exec = startExec()
        Path runDir = CliSession.awaitApprovalRequest(runs)

        when: 'bob is a manager, and this approval needs a lead'
        def objection = CliSession.run('approve', '--as', 'bob', '--deny', '--reason', 'wait for the DBA', '--journal', runs)

        then: 'his command says it was no denial'
        objection.exitCode() == 2
        objection.errors.contains('✗ not a denial: bob is manager; this approval needs lead; only someone who could approve can deny, '
                + 'so the run keeps waiting. Your objection is journaled and shown to the approvers.')

        when: 'a lead approves after reading it'
        def approve = CliSession.run('approve', '--as', 'alice', '--journal', runs)

        then: 'the run went on'
        approve.exitCode() == 0
        exec.exitCode() == 0
        exec.output.contains('⚑ objection from bob: wait for the DBA')
        def journal = CliSession.journalOf(runDir)
        only(journal, 'approval.objected').data().subMap('by', 'source', 'reason') == [by: 'bob', source: 'journal', reason: 'wait for the DBA']
        journal.findAll { it.type() == 'approval.denied' }.isEmpty()
        journal.any { it.type() == 'step.finished' && it.str('step') == 'Promote' }

        and: 'show puts the objection in the timeline'
        def show = CliSession.run('show', runDir.fileName.toString(), '--journal', runs)
        show.output.contains('objection')
        show.output.contains('from bob: wait for the DBA (not counted: bob is manager; this approval needs lead')
    }

    def "#who cannot approve from another terminal: the command says why and the run keeps waiting"() {
        given:
        def exec = startExec()
        Path runDir = CliSession.awaitApprovalRequest(runs)

        when:
        def refused = CliSession.run('approve', '--as', who, '--journal', runs)
        def accepted = CliSession.run('approve', '--as', 'alice', '--journal', runs)

        then:
        def expected = why.replace('TEAMFILE', tmp.resolve('runbook.team.groovy').toString())
        refused.exitCode() == 2
        refused.errors.contains("✗ not accepted: $expected")
        accepted.exitCode() == 0
        exec.exitCode() == 0
        only(CliSession.journalOf(runDir), 'approval.refused').data().subMap('by', 'source', 'why') == [by: who, source: 'journal', why: expected]

        where:
        who       || why
        'olivia'  || 'olivia runs this run and may not approve it; another person must'
        'bob'     || 'bob is manager; this approval needs lead'
        'mallory' || 'mallory is not in the team file (TEAMFILE)'
    }

    def "at a terminal whose input has ended, the approval prompt is shown once and the run waits for its window"() {
        given:
        Files.writeString(runbook, Files.readString(runbook).replace('within: 2.minutes', 'within: 3.seconds'))

        when:
        def exec = CliSession.runAtClosedTerminal('exec', runbook, '--journal', runs, '--operator', 'olivia')

        then:
        exec.exitCode() == 1
        exec.output.count('? approver for approval P1') == 1
        exec.output.contains('no approval within 3.0s (needed one lead (P1), got 0)')
    }

    def "approve with no run waiting says so and changes nothing"() {
        given:
        def done = CliSession.run('exec', runbook, '--journal', runs, '--operator', 'olivia', '--approved-by', 'alice')

        when:
        def approve = CliSession.run('approve', '--as', 'alice', '--journal', runs)

        then:
        done.exitCode() == 0
        approve.exitCode() == 2
        approve.errors.contains("runbook: no run in $runs is waiting for an approval")
    }

    def "exec --approved-by pre-approves as the flag source, checked against the team file beside the runbook"() {
        when:
        def ok = CliSession.run('exec', runbook, '--journal', runs, '--operator', 'olivia', '--approved-by', 'alice')

        then:
        ok.exitCode() == 0
        def runDir = Files.list(runs).withCloseable { it.findFirst().get() }
        only(CliSession.journalOf(runDir), 'approval.granted').data().subMap('by', 'source') == [by: 'alice', source: 'flag']
        only(CliSession.journalOf(runDir), 'approval.requested').str('team').endsWith('runbook.team.groovy')
    }

    def "exec --team uses the given team file instead of the one beside the runbook"() {
        given:
        Path other = Files.writeString(tmp.resolve('oncall.team.groovy'), "team { member 'zoe', role: 'lead' }")

        when:
        def ok = CliSession.run('exec', runbook, '--journal', runs, '--operator', 'olivia', '--team', other, '--approved-by', 'zoe')

        then:
        ok.exitCode() == 0
        def runDir = Files.list(runs).withCloseable { it.findFirst().get() }
        only(CliSession.journalOf(runDir), 'approval.granted').str('by') == 'zoe'
    }
}
