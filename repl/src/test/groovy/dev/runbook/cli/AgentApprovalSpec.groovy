package dev.runbook.cli

import dev.runbook.journal.Event
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * {@code runbook approve --key id.pub}: the member's key held by a real ssh-agent signs the decision; the private key
 * file is not on disk at all. An agent that does not hold the key: a clear refusal, exit 3, and the run keeps waiting.
 */
@Requires(value = { new File('/usr/bin/ssh-agent').canExecute() && new File('/usr/bin/ssh-add').canExecute() },
        reason = 'ssh-agent is not installed (apt-get install openssh-client)')
class AgentApprovalSpec extends Specification {
    @TempDir Path tmp
    Path runs
    Path runbook
    Process agent
    Path socket

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
        socket = tmp.resolve('agent.sock')
        // -D: in the foreground, so the spec owns the process and ends it
        agent = new ProcessBuilder('ssh-agent', '-D', '-a', socket.toString()).redirectErrorStream(true).start()
        assert CliProcess.poll(10) { Files.exists(socket) }
    }

    def cleanup() {
        agent?.destroy()
        agent?.waitFor()
    }

    private Path keyPair(String name) {
        def key = tmp.resolve("id_${name}")
        def p = new ProcessBuilder('ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', "${name}@laptop", '-f', key.toString())
                .redirectErrorStream(true).start()
        assert p.waitFor() == 0: p.inputStream.text
        key
    }

    /** Adds the private key to the agent, then deletes the file: from here on only the agent holds it. */
    private Path intoAgentOnly(Path key) {
        def pb = new ProcessBuilder('ssh-add', key.toString()).redirectErrorStream(true)
        pb.environment().SSH_AUTH_SOCK = socket.toString()
        def p = pb.start()
        assert p.waitFor() == 0: p.inputStream.text
        Files.delete(key)
        Path.of(key.toString() + '.pub')
    }

    private Map<String, String> withAgent() {
        new LinkedHashMap<>(System.getenv()) + [SSH_AUTH_SOCK: socket.toString()]
    }

    def "the member's key in ssh-agent signs the approval; an agent without it is refused with why, and the run keeps waiting"() {
        given: 'alice is bound to her key; the agent holds mallory\'s key only at first'
        def alice = keyPair('alice')
        def alicePub = Path.of(alice.toString() + '.pub')
        def mallory = intoAgentOnly(keyPair('mallory'))
        Files.writeString(tmp.resolve('runbook.team.groovy'), """team {
            member 'alice', role: 'lead', key: '${Files.readString(alicePub).strip()}'
            member 'olivia', role: 'lead'
        }
        """)
        def aliceAside = Files.move(alice, tmp.resolve('alice-private-key-kept-elsewhere'))
        def exec = CliSession.start(['exec', runbook, '--journal', runs, '--operator', 'olivia'] as Object[])
        Path runDir = CliSession.awaitApprovalRequest(runs)

        when: 'an agent that does not hold alice\'s key'
        def without = CliSession.runWith(withAgent(), 'approve', '--as', 'alice', '--key', alicePub, '--journal', runs)

        then:
        without.exitCode() == 3
        without.errors.contains("ssh-agent at ${socket} did not sign with the key in ${alicePub} — it does not hold that key")
        !without.errors.contains('Exception')
        typed(runDir, 'approval.granted').isEmpty()

        when: 'no agent at all'
        def noAgent = CliSession.runWith(new LinkedHashMap<>(System.getenv()).tap { remove('SSH_AUTH_SOCK') },
                'approve', '--as', 'alice', '--key', alicePub, '--journal', runs)

        then:
        noAgent.exitCode() == 3
        noAgent.errors.contains('is a public key: its private key signs through ssh-agent, and SSH_AUTH_SOCK is not set')

        when: 'alice adds her key to the agent, and the private key file is gone from disk'
        Files.move(aliceAside, alice)
        intoAgentOnly(alice)
        def signed = CliSession.runWith(withAgent(), 'approve', '--as', 'alice', '--key', alicePub, '--journal', runs)

        then:
        !Files.exists(alice)
        signed.exitCode() == 0
        signed.output.contains('✓ accepted: alice approved ([lead]; verified by SSH key)')
        exec.exitCode() == 0
        def granted = typed(runDir, 'approval.granted')
        granted.size() == 1
        granted[0].data().subMap('by', 'verification') == [by: 'alice', verification: 'ssh-key']
        granted[0].str('signature').startsWith('-----BEGIN SSH SIGNATURE-----')
        mallory != null
    }

    private static List<Event> typed(Path runDir, String type) {
        CliSession.journalOf(runDir).findAll { it.type() == type }
    }
}
