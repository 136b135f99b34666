package dev.runbook.cli

import dev.runbook.journal.Event
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The quickstart as the README runs it: {@code runbook exec} in its own process from the repository root, the
 * demo service on a free port with its state in a temp folder. Its verification is {@code gate health} and it
 * needs a lead's approval (P1), given up front with {@code --approved-by} or from another terminal.
 */
class QuickstartApprovalSpec extends Specification {
    static final Path ROOT = Path.of('').toAbsolutePath().parent
    static final Path QUICKSTART = ROOT.resolve('examples/quickstart')

    @TempDir Path tmp
    int port
    Path runs
    Path demoState

    def setup() {
        port = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
        runs = tmp.resolve('runs')
        demoState = tmp.resolve('demo')
    }

    def cleanup() {
        def stop = new ProcessBuilder(QUICKSTART.resolve('demo.sh').toString(), 'stop', port.toString())
        stop.environment().put('RUNBOOK_DEMO_STATE', demoState.toString())
        stop.redirectErrorStream(true).redirectOutput(tmp.resolve('stop.log').toFile()).start().waitFor(30, TimeUnit.SECONDS)
    }

    /** {@code runbook exec examples/quickstart/rollback.groovy ...} as a separate JVM, output to a file. */
    private Process exec(String... more) {
        String java = ProcessHandle.current().info().command().orElse('java')
        def cmd = [java, '-cp', System.getProperty('java.class.path'), 'dev.runbook.app.Main',
                   'exec', 'examples/quickstart/rollback.groovy', '-p', 'version=v1.2.3', '-p', "port=$port".toString(),
                   '--yes', '--journal', runs.toString(), *more]
        def pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve('exec.log').toFile())
        pb.environment().put('RUNBOOK_DEMO_STATE', demoState.toString())
        pb.start()
    }

    private String output() { Files.readString(tmp.resolve('exec.log')) }

    private static int finish(Process p) {
        assert p.waitFor(180, TimeUnit.SECONDS): 'the quickstart did not finish within 3 minutes'
        p.exitValue()
    }

    private void assertRolledBack(List<Event> journal, Path runDir) {
        def gate = journal.findAll { it.type() == 'gate.poll' && it.str('gate') == 'gate health' }
        assert gate.last().get('ok') == true
        assert gate.last().str('observation') == 'GET /health → 200'
        assert journal.find { it.type() == 'step.finished' && it.str('step') == 'gate health' }.str('status') == 'ok'
        assert journal.find { it.type() == 'run.finished' }.str('outcome') == 'succeeded'
        assert Files.readString(runDir.resolve('status-after.txt')).startsWith("demo v1.2.3 runs on 127.0.0.1:$port")
    }

    def "the README command rolls back with --approved-by alice and verifies with gate health"() {
        when:
        def process = exec('--approved-by', 'alice')
        int code = finish(process)

        then:
        code == 0
        output().contains('✓ Run succeeded')
        Path runDir = Files.list(runs).withCloseable { it.findFirst().get() }
        def journal = CliSession.journalOf(runDir)
        def granted = journal.findAll { it.type() == 'approval.granted' }
        granted.size() == 1
        // alice is a lead in the quickstart's team file, with no key:, login: or dbRole: — her name is a claim
        granted[0].data().subMap('by', 'source', 'roles', 'verified', 'verification') == [by: 'alice', source: 'flag', roles: ['lead'], verified: false, verification: 'claimed']
        journal.find { it.type() == 'approval.requested' }.str('needs') == 'one lead (P1)'
        journal.find { it.type() == 'approval.requested' }.str('team') == 'examples/quickstart/runbook.team.groovy'
        assertRolledBack(journal, runDir)
    }

    def "without --approved-by the quickstart waits until alice approves with runbook approve from another terminal"() {
        given:
        def process = exec()
        Path runDir = CliSession.awaitApprovalRequest(runs, 120)

        expect: 'it is waiting: the broken release still runs'
        process.alive
        !CliSession.journalOf(runDir).any { it.type() == 'step.started' && it.str('step') == 'Stop the broken version' }

        when:
        def approve = CliSession.run('approve', runDir.fileName, '--as', 'alice', '--journal', runs)
        int code = finish(process)

        then:
        approve.exitCode() == 0
        approve.output.contains('✓ accepted: alice approved ([lead]; claimed, unverified')
        code == 0
        def journal = CliSession.journalOf(runDir)
        journal.find { it.type() == 'approval.granted' }.data().subMap('by', 'source') == [by: 'alice', source: 'journal']
        assertRolledBack(journal, runDir)
    }
}
