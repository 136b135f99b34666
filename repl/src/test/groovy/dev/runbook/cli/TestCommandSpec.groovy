package dev.runbook.cli

import dev.runbook.term.ExitCodes
import spock.lang.Specification
import org.w3c.dom.Element
import spock.lang.TempDir

import javax.xml.parsers.DocumentBuilderFactory

import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * {@code runbook test}: a team's runbooks repository (no build file) with specs beside the runbooks, run the way
 * the team runs it, in this JVM (the specs compile against the tool's class path) and once as its own process.
 */
class TestCommandSpec extends Specification {
    @TempDir
    Path repo

    /** A runbook with a step handler and a runbook handler: the specs below reach only the second. */
    static final String RUNBOOK = '''\
        runbook('restart-api') {
            param 'service', default: 'api'
            step('Restart') {
                sh "docker compose restart ${params.service}"
                onFailure { sh "docker compose up -d --force-recreate ${params.service}" }
            }
            step('Check') { sh 'curl -fsS http://127.0.0.1:4000/health' }
            onFailure { notify slack: '#ops', text: "restart of ${params.service} FAILED" }
        }
        '''

    static final String PASSING = '''\
        import dev.runbook.testing.RunbookSpecification

        class RestartSpec extends RunbookSpecification {
            def "restarts the service and checks its health"() {
                given:
                load 'restart.groovy'
                shell.on(~/docker compose restart/)
                shell.on(~/curl/) { stdout '{"status":"ok"}' }

                when:
                def result = run()

                then:
                result.succeeded
                ran 'docker compose restart api'
            }
        }
        '''

    /** Its second feature expects the wrong outcome: the runbook fails when health does, and the spec says it succeeds. */
    static final String FAILING = '''\
        import dev.runbook.testing.RunbookSpecification

        class HealthFailureSpec extends RunbookSpecification {
            def setup() {
                load 'restart.groovy'
                shell.on(~/docker compose restart/)
                shell.on(~/curl/) { exit 22; stderr 'curl: (22) 503' }
            }

            def "a failed health check tells the team"() {
                when:
                def result = run()

                then:
                result.failed
                notified slack: ~/FAILED/
            }

            def "a failed health check is fine"() {
                when:
                def result = run(service: 'web')

                then:
                result.succeeded
            }
        }
        '''

    private void writeRepo(Map<String, String> specs) {
        RunbookFiles.write(repo, 'payments/restart.groovy', RUNBOOK)
        specs.each { name, text -> RunbookFiles.write(repo, "payments/$name", text) }
    }

    def "a failing feature makes the run exit 1, showing Spock's condition with its values and the line of the spec"() {
        given:
        writeRepo('RestartSpec.groovy': PASSING, 'HealthFailureSpec.groovy': FAILING)

        when:
        def run = CliRun.of('test', repo.toString())

        then:
        run.exitCode == ExitCodes.FAILED
        run.out.contains('✓ RestartSpec  1 passed')
        run.out.contains('✗ HealthFailureSpec  1 failed, 1 passed')
        run.out.contains('✗ HealthFailureSpec › a failed health check is fine')
        run.out.contains('Condition not satisfied:')
        run.out =~ /result\.succeeded\n\s+\|\s+\|\n\s+\|\s+false/
        run.out.contains("at ${repo.resolve('payments/HealthFailureSpec.groovy')}:24")
        run.out.contains('2 specs, 3 features: 2 passed, 1 failed, 0 skipped')
        !run.hasStackTrace
    }

    def "the coverage table lists each runbook the specs loaded and flags the onFailure no spec reached"() {
        given:
        writeRepo('RestartSpec.groovy': PASSING, 'HealthFailureSpec.groovy': FAILING)

        when:
        def run = CliRun.of('test', repo.toString())
        def table = run.out.substring(run.out.indexOf('Coverage'))

        then:
        table.readLines()[1] =~ /✗ .*payments\/restart\.groovy  steps 2\/2  handlers 1\/2  gates 0\/0/
        table.contains("✗ onFailure of 'Restart' — no spec reached it")
        !table.contains("the runbook's onFailure — no spec reached it")   // the failing health check reached it
    }

    def "a standard runbook reached through include and also loaded from its file is one row, reached by either"() {
        given: 'a copy of stdlib incident/triage (as in stdlib-runbooks/runbooks/), and a runbook that includes the stdlib one'
        RunbookFiles.write(repo, 'runbooks/incident/triage.groovy', getClass().getResource('/stdlib/incident/triage.groovy').text)
        RunbookFiles.write(repo, 'runbooks/incident/TriageFailureSpec.groovy', '''\
            import dev.runbook.testing.RunbookSpecification

            class TriageFailureSpec extends RunbookSpecification {
                def "without the queries triage fails at once and says how to decide by hand"() {
                    given:
                    load 'triage.groovy'

                    when:
                    def result = run(service: 'api', prometheusUrl: 'http://prometheus:9090')

                    then:
                    result.failedStep == 'Read the signals'
                    result.handlers == ['onFailure']
                }
            }
            ''')
        RunbookFiles.write(repo, 'ops/page-if-bad.groovy', '''\
            runbook('page-if-bad') {
                param 'service', required: true
                param 'errorRate'
                param 'p95Ms'
                include 'stdlib:incident/triage', name: 'Triage'
            }
            ''')
        RunbookFiles.write(repo, 'ops/PageIfBadSpec.groovy', '''\
            import dev.runbook.testing.RunbookSpecification

            class PageIfBadSpec extends RunbookSpecification {
                def "a quiet service is triaged P3"() {
                    given:
                    load 'page-if-bad.groovy'

                    when:
                    def result = run(service: 'api', errorRate: '0.001', p95Ms: '10')

                    then:
                    result.succeeded
                    result.step('Triage').value.steps()['Decide'].value == 'P3'
                }
            }
            ''')

        when:
        def run = CliRun.of('test', '--require-handler-coverage', repo.toString())

        then: 'the file row has the steps the include reached and the handler the file spec reached; no stdlib: row'
        run.exitCode == ExitCodes.OK
        run.out =~ /✓ .*runbooks\/incident\/triage\.groovy +steps 3\/3  handlers 1\/1  gates 0\/0/
        !run.out.contains('stdlib:incident/triage')
    }

    def "unreached onFailure paths are reported but pass the run, unless --require-handler-coverage is given"() {
        given:
        writeRepo('RestartSpec.groovy': PASSING)

        when:
        def lenient = CliRun.of('test', repo.toString())
        def strict = CliRun.of('test', '--require-handler-coverage', repo.toString())

        then:
        lenient.exitCode == ExitCodes.OK
        lenient.out.contains('2 onFailure paths reached by no spec; --require-handler-coverage makes that fail the run')
        strict.exitCode == ExitCodes.FAILED
        strict.out.contains('2 onFailure paths reached by no spec (--require-handler-coverage)')
        strict.out.contains('1 spec, 1 feature: 1 passed, 0 failed, 0 skipped')
    }

    def "--junit-xml writes a JUnit report CI can read, one testcase per feature and the failure's message"() {
        given:
        writeRepo('RestartSpec.groovy': PASSING, 'HealthFailureSpec.groovy': FAILING)
        def reports = repo.resolve('reports')

        when:
        def run = CliRun.of('test', '--junit-xml', reports.toString(), repo.resolve('payments').toString())
        def suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(reports.resolve('TEST-spock.xml').toFile()).documentElement
        def cases = elements(suite, 'testcase')
        def failed = cases.findAll { elements(it, 'failure') }

        then:
        run.exitCode == ExitCodes.FAILED
        run.out.contains("JUnit XML: ${reports.resolve('TEST-spock.xml')}")
        suite.tagName == 'testsuite'
        suite.getAttribute('tests') == '3'
        suite.getAttribute('failures') == '1'
        cases.size() == 3
        cases.collect { it.getAttribute('classname') } as Set == ['RestartSpec', 'HealthFailureSpec'] as Set
        failed*.getAttribute('name') == ['a failed health check is fine']
        elements(failed[0], 'failure')[0].getAttribute('message').contains('Condition not satisfied')
    }

    private static List<Element> elements(Element parent, String tag) {
        def nodes = parent.getElementsByTagName(tag)
        (0..<nodes.length).collect { nodes.item(it) as Element }
    }

    def "-k runs only the specs and features whose name contains the text; text that matches nothing is bad input"() {
        given:
        writeRepo('RestartSpec.groovy': PASSING, 'HealthFailureSpec.groovy': FAILING)

        when:
        def some = CliRun.of('test', '-k', 'TELLS THE TEAM', repo.toString())
        def none = CliRun.of('test', '-k', 'no such feature', repo.toString())

        then:
        some.exitCode == ExitCodes.OK
        some.out.contains('1 spec, 1 feature: 1 passed, 0 failed, 0 skipped')
        !some.out.contains('RestartSpec')
        none.exitCode == ExitCodes.BAD_INPUT
        none.err.contains("runbook: test -k no such feature — no spec or feature name contains it")
    }

    def "a spec that does not compile is reported as file:line:col with what is wrong, exit 2, and nothing runs"() {
        given:
        writeRepo('RestartSpec.groovy': PASSING)
        RunbookFiles.write(repo, 'payments/TypoSpec.groovy', '''\
            import dev.runbook.testing.RunbookSpecification

            class TypoSpec extends RunbookSpecificaton {
            }
            ''')

        when:
        def run = CliRun.of('test', repo.toString())

        then:
        run.exitCode == ExitCodes.BAD_INPUT
        run.err.contains("${repo.resolve('payments/TypoSpec.groovy')}:3:24: unable to resolve class RunbookSpecificaton")
        run.err.contains('— import it, or check its name')
        run.out.isEmpty()
        !run.hasStackTrace
    }

    def "a folder with no specs says what a spec is, and a folder that does not exist says so; both exit 2"() {
        given:
        RunbookFiles.write(repo, 'payments/restart.groovy', RUNBOOK)
        RunbookFiles.write(repo, 'target/OldSpec.groovy', PASSING)     // build output is not searched

        when:
        def empty = CliRun.of('test', repo.toString())
        def missing = CliRun.of('test', repo.resolve('nope').toString())

        then:
        empty.exitCode == ExitCodes.BAD_INPUT
        empty.err.contains("no *Spec.groovy files under ${repo}: a spec is a file named <Something>Spec.groovy beside the runbook it tests")
        missing.exitCode == ExitCodes.BAD_INPUT
        missing.err.contains("runbook: test ${repo.resolve('nope')} — no such folder or file")
    }

    def "run as its own process with no DIR, it searches the working directory and each spec loads the runbook beside it"() {
        given:
        writeRepo('RestartSpec.groovy': PASSING)   // in payments/, one folder below where the command runs

        when:
        def process = CliProcess.start(repo, ['test'])
        def finished = process.process.waitFor(3, TimeUnit.MINUTES)

        then:
        finished
        process.process.exitValue() == ExitCodes.OK
        process.out.contains('1 spec, 1 feature: 1 passed, 0 failed, 0 skipped')
        process.out.contains('✗ payments/restart.groovy  steps 2/2  handlers 0/2')

        cleanup:
        process?.destroy()
    }
}
