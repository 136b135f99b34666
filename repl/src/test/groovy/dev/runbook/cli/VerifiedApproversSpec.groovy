package dev.runbook.cli

import dev.runbook.journal.Event
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.nio.file.attribute.UserPrincipal

/**
 * Approvers are who they say: a member the team file binds to an SSH key approves only with a decision signed by
 * that key; one bound to a login only with a decision their OS user wrote; a decision is the answer to one request
 * and is refused anywhere else; {@code identity required} refuses unbound claims; names compare ignoring case.
 * Real {@code ssh-keygen} keys, the real CLI ({@code runbook exec} waiting, {@code runbook approve} beside it).
 * Before: {@code runbook approve --as alice} approved as alice for anyone, and a decision copied from one run's
 * {@code approvals/} folder into another's approved that one too.
 */
@Requires(value = { new File('/usr/bin/ssh-keygen').canExecute() }, reason = 'ssh-keygen is not installed (apt-get install openssh-client)')
class VerifiedApproversSpec extends Specification {
    @TempDir Path tmp
    Path runs
    Path runbook
    Path aliceKey
    Path malloryKey

    def setup() {
        runs = tmp.resolve('runs')
        runbook = tmp.resolve('failover.groovy')
        Files.writeString(runbook, """
            runbook('db-failover') {
                severity P1
                requireApproval P1, within: 2.minutes
                step('Promote') { log 'promoted' }
            }
        """)
        aliceKey = keyPair('alice')
        malloryKey = keyPair('mallory')
    }

    private Path keyPair(String name) {
        def key = tmp.resolve("id_${name}")
        def p = new ProcessBuilder('ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', "${name}@laptop", '-f', key.toString())
                .redirectErrorStream(true).start()
        assert p.waitFor() == 0: p.inputStream.text
        key
    }

    private String publicKey(Path key) {
        Files.readString(Path.of(key.toString() + '.pub')).strip()
    }

    private void team(String body) {
        Files.writeString(tmp.resolve('runbook.team.groovy'), "team {\n${body}\n}\n")
    }

    private CliSession startExec(String... more) {
        CliSession.start(['exec', runbook, '--journal', runs, '--operator', 'olivia', *more] as Object[])
    }

    private Path awaitAnotherRequest(Path besides) {
        Path found = null
        assert CliProcess.poll(60) {
            found = Files.list(runs).withCloseable { s -> s.filter { it != besides && typed(it, 'approval.requested') }.findFirst().orElse(null) }
            found != null
        }
        found
    }

    private static List<Event> typed(Path runDir, String type) {
        CliSession.journalOf(runDir).findAll { it.type() == type }
    }

    def "a member bound to an SSH key approves only with a decision that key signed"() {
        given:
        team("""
            member 'alice', role: 'lead', key: '${publicKey(aliceKey)}'
            member 'olivia', role: 'lead'
        """)
        def exec = startExec()
        Path runDir = CliSession.awaitApprovalRequest(runs)

        when: 'unsigned, then signed with another key, then with hers'
        def unsigned = CliSession.run('approve', '--as', 'alice', '--journal', runs)
        def wrongKey = CliSession.run('approve', '--as', 'alice', '--key', malloryKey, '--journal', runs)
        def signed = CliSession.run('approve', '--as', 'alice', '--key', aliceKey, '--journal', runs)

        then: 'the first two are refused (exit 3) and the run kept waiting for the third'
        unsigned.exitCode() == 3
        unsigned.errors.contains('✗ not accepted: alice approves only through SSH key: this decision is not signed')
        wrongKey.exitCode() == 3
        wrongKey.errors.contains('the signature does not verify with the key in')
        signed.exitCode() == 0
        signed.output.contains('✓ accepted: alice approved ([lead]; verified by SSH key)')
        exec.exitCode() == 0
        exec.output.contains('✓ approved by alice (lead, journal, verified by SSH key)')

        and: 'the journal says how, and who the file system says sent it, beside the claimed name'
        def granted = typed(runDir, 'approval.granted')
        granted.size() == 1
        granted[0].data().subMap('by', 'verified', 'verification') == [by: 'alice', verified: true, verification: 'ssh-key']
        granted[0].str('sentBy') == "OS user ${System.getProperty('user.name')}"
        typed(runDir, 'approval.refused').every { it.get('identityRefused') == true }
    }

    def "a decision copied into another run's approvals folder is refused there: it answered another request"() {
        given: 'two runs wait; alice approves the first with her key'
        team("""
            member 'alice', role: 'lead', key: '${publicKey(aliceKey)}'
        """)
        def first = startExec()
        Path firstDir = CliSession.awaitApprovalRequest(runs)
        assert CliSession.run('approve', firstDir.fileName, '--as', 'alice', '--key', aliceKey, '--journal', runs).exitCode() == 0
        assert first.exitCode() == 0
        def second = startExec()
        Path secondDir = awaitAnotherRequest(firstDir)

        when: "the first run's signed decision is replayed into the second's inbox"
        def decision = Files.list(firstDir.resolve('approvals')).withCloseable { s -> s.filter { it.toString().endsWith('.json') }.findFirst().get() }
        Files.copy(decision, secondDir.resolve('approvals').resolve('replayed-alice.json'))

        then: 'refused, saying it was made for the first run; the second keeps waiting'
        new spock.util.concurrent.PollingConditions(timeout: 30).eventually {
            def refused = typed(secondDir, 'approval.refused')
            assert refused*.str('why').any { it.startsWith("this decision was made for run ${firstDir.fileName}, not for this request") }
        }
        typed(secondDir, 'approval.granted').isEmpty()

        when: 'alice approves the second run herself'
        def approve = CliSession.run('approve', secondDir.fileName, '--as', 'alice', '--key', aliceKey, '--journal', runs)

        then:
        approve.exitCode() == 0
        second.exitCode() == 0
    }

    def "identity required refuses an unbound name; without it the name counts and is shown as claimed, unverified"() {
        given:
        team("""
            ${required ? 'identity required' : ''}
            member 'bob', role: 'lead'
            member 'dana', role: 'lead', key: '${publicKey(aliceKey)}'
        """)
        def exec = startExec()
        Path runDir = CliSession.awaitApprovalRequest(runs)

        when:
        def approve = CliSession.run('approve', '--as', 'bob', '--journal', runs)

        then:
        approve.exitCode() == exit
        if (required) {
            assert approve.errors.contains("bob has no key:, login: or dbRole: in ${tmp.resolve('runbook.team.groovy')}, and the team requires one (identity required)")
            assert typed(runDir, 'approval.granted').isEmpty()
            assert CliSession.run('approve', '--as', 'bob', '--deny', '--reason', 'stop', '--journal', runs).exitCode() == 2 // an objection only
            assert typed(runDir, 'approval.objected').size() == 1
        } else {
            assert approve.output.contains('✓ accepted: bob approved ([lead]; claimed, unverified; sent by OS user')
            assert exec.exitCode() == 0
            assert exec.output.contains('✓ approved by bob (lead, journal, claimed, unverified; sent by OS user')
            assert typed(runDir, 'approval.granted')[0].data().subMap('verified', 'verification') == [verified: false, verification: 'claimed']
        }

        cleanup: 'a verified lead denies, so the waiting run ends'
        if (required) assert CliSession.run('approve', '--as', 'dana', '--key', aliceKey, '--deny', '--reason', 'done', '--journal', runs).exitCode() == 0
        exec.exitCode()

        where:
        required || exit
        true     || 3
        false    || 0
    }

    def "a member bound to a key cannot be pre-approved with --approved-by: the unattended run fails at once, saying how to approve"() {
        given:
        team("""
            member 'alice', role: 'lead', key: '${publicKey(aliceKey)}'
        """)

        when:
        def exec = CliSession.run('exec', runbook, '--journal', runs, '--operator', 'olivia', '--approved-by', 'alice')

        then:
        exec.exitCode() == 3
        (exec.output + exec.errors).contains('alice approves only through SSH key (--approved-by cannot prove it): runbook approve RUN --as alice --key ~/.ssh/id_ed25519')
    }

    def "a member bound to a login approves only through a decision file that OS user owns"() {
        given: 'carol is the OS user nobody; the spec writes her decision as nobody would (a file nobody owns)'
        team("""
            member 'carol', role: 'lead', login: 'nobody'
        """)
        def exec = startExec()
        Path runDir = CliSession.awaitApprovalRequest(runs)
        def request = typed(runDir, 'approval.requested')[0]

        when: 'root claims to be carol'
        def claimed = CliSession.run('approve', '--as', 'carol', '--journal', runs)

        then:
        claimed.exitCode() == 3
        claimed.errors.contains("carol approves only through login nobody: it was sent by OS user ${System.getProperty('user.name')}")

        when: 'a decision file owned by nobody arrives'
        UserPrincipal nobody = runDir.fileSystem.userPrincipalLookupService.lookupPrincipalByName('nobody')
        def body = """{"by":"carol","decision":"approve","run":"${runDir.fileName}","approval":"${request.str('approval')}","nonce":"${request.str('nonce')}"}"""
        def tmpFile = Files.writeString(runDir.resolve('approvals').resolve('.carol.tmp'), body)
        Files.setOwner(tmpFile, nobody)
        Files.move(tmpFile, runDir.resolve('approvals').resolve("${System.currentTimeMillis()}-carol.json"), StandardCopyOption.ATOMIC_MOVE)

        then:
        exec.exitCode() == 0
        typed(runDir, 'approval.granted')[0].data().subMap('by', 'verification', 'sentBy') == [by: 'carol', verification: 'login', sentBy: 'OS user nobody']
    }

    def "the operator is who runs the run: a member whose login runs it may not approve it, whatever --operator says"() {
        given: 'before: --operator bob --approved-by alice let alice approve the run she started herself'
        def me = System.getProperty('user.name')
        team("""
            member 'alice', role: 'lead', login: '${me}'
            member 'bob', role: 'lead'
            member 'carol', role: 'lead'
        """)
        def exec = CliSession.start(['exec', runbook, '--journal', runs, '--operator', 'bob'] as Object[])
        Path runDir = CliSession.awaitApprovalRequest(runs)

        when: 'alice approves from her own login: verified, but she is the one running the run'
        def approve = CliSession.run('approve', '--as', 'alice', '--journal', runs)

        then:
        approve.exitCode() == 2
        approve.errors.contains("alice is the OS user running this run (login ${me}) and may not approve it")

        when: 'carol, another person, approves'
        def carol = CliSession.run('approve', '--as', 'carol', '--journal', runs)

        then:
        carol.exitCode() == 0
        exec.exitCode() == 0
        CliSession.journalOf(runDir).find { it.type() == 'approval.granted' }.str('by') == 'carol'
    }

    def "names compare ignoring case: ROOT may not approve root's run, and Root,ROOT is one approver"() {
        given:
        team("""
            member 'root', role: 'lead'
            member 'Bob', role: 'lead'
        """)
        Files.writeString(runbook, """
            runbook('quorum') {
                requireApproval role: 'lead', count: 2, within: 2.seconds
                step('Go') { log 'go' }
            }
        """)

        when:
        def self = CliSession.run('exec', runbook, '--journal', runs, '--operator', 'root', '--approved-by', 'ROOT,Bob')
        def twice = CliSession.run('exec', runbook, '--journal', runs, '--operator', 'olivia', '--approved-by', 'bob,BOB')

        then:
        self.exitCode() == 3
        (self.output + self.errors).contains('ROOT runs this run and may not approve it')
        twice.exitCode() == 1 // one lead of the two the quorum needs: the window passes
        (twice.output + twice.errors).contains('got 1)')
    }

    def "a key: that is not an SSH public key is refused where it is written"() {
        given:
        team("""
            member 'alice', role: 'lead', key: 'ssh-ed25519 not-base64!'
        """)

        when:
        def check = CliSession.run('check', tmp)

        then:
        check.exitCode() == 2
        check.errors.contains("${tmp.resolve('runbook.team.groovy')}:3:13: member 'alice': key: is not an SSH public key")
    }
}
