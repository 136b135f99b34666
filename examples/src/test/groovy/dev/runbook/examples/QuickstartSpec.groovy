package dev.runbook.examples

import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** The quickstart of the README, end to end: the real launcher, the real demo service, the real rollback runbook. */
class QuickstartSpec extends Specification {
    static final String RUNBOOK = 'examples/quickstart/rollback.groovy'

    @TempDir
    Path dir

    QuickstartDemo demo

    def setup() {
        demo = new QuickstartDemo(dir.resolve('demo-state'))
    }

    def cleanup() {
        demo.stop()
    }

    def "rolling back to v1.2.3 succeeds: the service is healthy on v1.2.3 and the run folder keeps the evidence"() {
        when:
        def run = rollback('-p', 'version=v1.2.3', '--yes', '--approved-by', 'alice')

        then:
        run.exitCode == 0
        run.out.contains('✓ Run succeeded')
        run.out.contains('✓ approved by alice (lead, flag, claimed, unverified)')
        run.out.contains('● GET /health → 200')

        and: 'the service answers as v1.2.3'
        demo.health() == [200, '{"status":"ok","version":"v1.2.3","database":"connected"}']

        and: 'the evidence shows the broken v1.2.4 as it was before the rollback, and the state after it'
        def runDir = onlyRunDir()
        read(runDir, 'status-before.txt').contains("demo v1.2.4 runs on 127.0.0.1:${demo.port}")
        read(runDir, 'status-before.txt').contains('GET /health -> 500')
        read(runDir, 'health-before.json').contains('"version":"v1.2.4","error":"database connection pool exhausted"')
        read(runDir, 'service-before.log').contains("demo v1.2.4 listening on 127.0.0.1:${demo.port}")
        read(runDir, 'status-after.txt').contains("demo v1.2.3 runs on 127.0.0.1:${demo.port}")
        read(runDir, 'status-after.txt').contains('GET /health -> 200')

        and: 'the journal records the manual item as confirmed by --yes, and the lead approval given up front'
        journal(runDir).find { it.type == 'operator.answered' }.by == '--yes'
        with(journal(runDir).find { it.type == 'approval.granted' }) {
            by == 'alice'
            roles == ['lead']
            source == 'flag'
        }
    }

    def "rolling back to a release that does not exist fails at 'Start the good version', puts v1.2.4 back and says so"() {
        when:
        def run = rollback('-p', 'version=v9.9.9', '--yes', '--approved-by', 'alice')

        then:
        run.exitCode == 1
        run.out.contains("✗ Run FAILED")
        run.out.contains("at 'Start the good version'")
        run.out.contains('demo: there is no release v9.9.9')
        run.out.contains("The rollback to v9.9.9 failed at 'Start the good version'")
        run.out.contains('Put the previous release v1.2.4 back so the service is not left down')

        and: 'the previous release runs again, broken as it was, rather than nothing at all'
        def (status, body) = demo.health()
        status == 500
        body.contains('"version":"v1.2.4"')

        and:
        def finished = journal(onlyRunDir()).last()
        finished.type == 'run.finished'
        finished.outcome == 'failed'
        finished.failedStep == 'Start the good version'
    }

    def "without the required version param nothing runs: exit 2 and the file:line:col of its declaration"() {
        given: 'where the runbook declares the param'
        def lines = Files.readAllLines(Path.of(RUNBOOK))
        int line = lines.findIndexOf { it.contains("param 'version'") } + 1
        int col = lines[line - 1].indexOf('param') + 1

        when:
        def run = rollback('--yes')

        then:
        run.exitCode == 2
        run.err.contains("${RUNBOOK}:${line}:${col}: param 'version' is required and was not given — pass -p version=")
        !run.err.contains('Exception')

        and: 'no demo service was started'
        demo.health()[0] == 0
        !Files.exists(dir.resolve('runs'))
    }

    private Launcher.Result rollback(String... args) {
        Launcher.run(dir, demo.env, *(['exec', RUNBOOK, '-p', "port=${demo.port}".toString(), '--journal', dir.resolve('runs').toString()] + args.toList()))
    }

    private Path onlyRunDir() {
        def runs = dir.resolve('runs').toFile().listFiles()
        assert runs?.length == 1
        runs[0].toPath()
    }

    private static String read(Path runDir, String name) {
        Files.readString(runDir.resolve(name))
    }

    private static List<Map> journal(Path runDir) {
        def json = new ObjectMapper()
        Files.readAllLines(runDir.resolve('journal.jsonl')).collect { json.readValue(it, Map) }
    }
}
