package dev.runbook.cli

import dev.runbook.term.ExitCodes
import org.w3c.dom.Element
import spock.lang.Specification
import spock.lang.TempDir

import javax.xml.parsers.DocumentBuilderFactory
import java.nio.file.Files
import java.nio.file.Path

/**
 * {@code runbook test} misses nothing: every runbook under the folders is in the coverage (untested ones as such),
 * handlers that failed themselves are not counted as covered, included runbooks from elsewhere are in or out of
 * the coverage by {@code --coverage-scope}, and CI gets a JUnit XML even when a spec does not compile.
 */
class TestCommandCoverageSpec extends Specification {
    @TempDir
    Path repo

    static final String RESTART = '''\
        runbook('restart-api') {
            step('Restart') {
                sh 'docker compose restart api'
                onFailure { sh 'docker compose up -d --force-recreate api' }
            }
            onFailure { notify slack: '#ops', text: 'restart FAILED' }
        }
        '''

    /** Both handlers reached: the restart fails, and the feature scripts what the handlers do. */
    static final String RESTART_SPEC = '''\
        import dev.runbook.testing.RunbookSpecification

        class RestartSpec extends RunbookSpecification {
            def "a failed restart recreates the container and tells the team"() {
                given:
                load 'restart.groovy'
                shell.on('docker compose restart api') { exit 1 }
                shell.on(~/--force-recreate/) { exit RECREATE_EXIT }

                when:
                def result = run()

                then:
                result.failed
                result.handlers == ["onFailure of 'Restart'", 'onFailure']
            }
        }
        '''

    static final String UNTESTED = '''\
        runbook('untested') {
            step('Drain') {
                sh 'kubectl drain node-1'
                onFailure { sh 'kubectl uncordon node-1' }
            }
            step('Reboot') { sh 'ssh node-1 reboot' }
            onFailure { notify slack: '#ops', text: 'drain FAILED' }
        }
        '''

    private void restartRepo(int recreateExit = 0) {
        RunbookFiles.write(repo, 'ops/restart.groovy', RESTART)
        RunbookFiles.write(repo, 'ops/RestartSpec.groovy', RESTART_SPEC.replace('RECREATE_EXIT', String.valueOf(recreateExit)))
    }

    def "a runbook no spec loads is listed as untested, its handlers count as unreached, and --require-specs fails the run"() {
        given:
        restartRepo()
        RunbookFiles.write(repo, 'ops/untested.groovy', UNTESTED)
        RunbookFiles.write(repo, 'ops/helper.groovy', 'class Helper { static String up() { "up" } }')   // not a runbook
        RunbookFiles.write(repo, 'ops/runbook.team.groovy', "team { member 'lena', role: 'lead' }")    // a team file, not a runbook

        when:
        def lenient = CliRun.of('test', repo.toString())
        def specs = CliRun.of('test', '--require-specs', repo.toString())
        def handlers = CliRun.of('test', '--require-handler-coverage', repo.toString())

        then: 'the untested runbook is a row of its own, flagged, and the run still passes without the flags'
        lenient.exitCode == ExitCodes.OK
        lenient.out =~ /✓ .*ops\/restart\.groovy +steps 1\/1  handlers 2\/2  gates 0\/0/
        lenient.out =~ /✗ .*ops\/untested\.groovy +steps 0\/2  handlers 0\/2  gates 0\/0  untested: no spec loads it/
        lenient.out.contains("✗ onFailure of 'Drain' — untested")
        lenient.out.contains("✗ the runbook's onFailure — untested")
        lenient.out.contains('1 runbook with no spec; --require-specs makes that fail the run')
        !lenient.out.contains('helper.groovy')
        !lenient.out.contains('runbook.team.groovy')

        and: '--require-specs fails it'
        specs.exitCode == ExitCodes.FAILED
        specs.out.contains('1 runbook with no spec (--require-specs)')
        specs.out.contains('1 spec, 1 feature: 1 passed, 0 failed, 0 skipped')

        and: "--require-handler-coverage counts the untested runbook's two handlers"
        handlers.exitCode == ExitCodes.FAILED
        handlers.out.contains('2 onFailure paths reached by no spec (--require-handler-coverage)')
    }

    def "a handler that failed itself is shown as failing, not as reached, and --require-handler-coverage fails on it"() {
        given: 'the recreate command the step handler runs fails too'
        restartRepo(1)

        when:
        def lenient = CliRun.of('test', repo.toString())
        def strict = CliRun.of('test', '--require-handler-coverage', repo.toString())

        then:
        lenient.exitCode == ExitCodes.OK
        lenient.out =~ /✗ .*ops\/restart\.groovy +steps 1\/1  handlers 2\/2/
        lenient.out.contains("✗ onFailure of 'Restart' — failed itself in every run that reached it: command exited 1")
        !lenient.out.contains("✗ the runbook's onFailure")
        strict.exitCode == ExitCodes.FAILED
        strict.out.contains('1 handler that failed in every run that reached it (--require-handler-coverage)')
    }

    def "an included standard runbook is outside the default scope; --coverage-scope all counts its unreached handler"() {
        given: 'a runbook that includes stdlib incident/triage, whose spec reaches its steps but never its onFailure'
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

                    expect:
                    run(service: 'api', errorRate: '0.001', p95Ms: '10').succeeded
                }
            }
            ''')

        when:
        def own = CliRun.of('test', '--require-handler-coverage', repo.toString())
        def all = CliRun.of('test', '--require-handler-coverage', '--coverage-scope', 'all', repo.toString())
        def wrong = CliRun.of('test', '--coverage-scope', 'mine', repo.toString())

        then: 'own: the team runbook counts, the standard one is shown apart and not counted'
        own.exitCode == ExitCodes.OK
        own.out.contains('Coverage (scope own: runbooks under ' + repo + ' and those the specs load; 1 included from elsewhere not counted, --coverage-scope all counts them)')
        own.out =~ /✓ .*ops\/page-if-bad\.groovy +steps 1\/1  handlers 0\/0  gates 0\/0/
        own.out =~ /· stdlib:incident\/triage\.groovy +steps 3\/3  handlers 0\/1  gates 0\/0  \(included; outside the scope\)/

        and: 'all: its unreached onFailure fails the run'
        all.exitCode == ExitCodes.FAILED
        all.out =~ /✗ stdlib:incident\/triage\.groovy +steps 3\/3  handlers 0\/1/
        all.out.contains("✗ the runbook's onFailure — no spec reached it")
        all.out.contains('1 onFailure path reached by no spec (--require-handler-coverage)')

        and:
        wrong.exitCode == ExitCodes.BAD_INPUT
        wrong.err.contains("'mine' is not a scope — use own or all")
    }

    def "the handlers of an included runbook are in result.handlers of the team's spec"() {
        given: 'triage without its signals fails at once and its onFailure runs, inside the include'
        RunbookFiles.write(repo, 'ops/page-if-bad.groovy', '''\
            runbook('page-if-bad') {
                param 'service', required: true
                include 'stdlib:incident/triage', name: 'Triage'
            }
            ''')
        RunbookFiles.write(repo, 'ops/PageIfBadSpec.groovy', '''\
            import dev.runbook.testing.RunbookSpecification

            class PageIfBadSpec extends RunbookSpecification {
                def "triage that cannot read the signals says so, from inside the include"() {
                    given:
                    load 'page-if-bad.groovy'

                    when:
                    def result = run(service: 'api')

                    then:
                    result.failedStep == 'Triage'
                    result.handlers == ["onFailure in 'Triage'"]
                    notified slack: ~/triage of api FAILED/
                }
            }
            ''')

        when:
        def run = CliRun.of('test', '--require-handler-coverage', '--coverage-scope', 'all', repo.toString())

        then:
        run.exitCode == ExitCodes.OK
        run.out.contains('1 spec, 1 feature: 1 passed, 0 failed, 0 skipped')
        run.out =~ /✓ stdlib:incident\/triage\.groovy +steps 1\/3  handlers 1\/1/
    }

    def "a spec file that does not compile gets one failing testcase in the JUnit XML, and nothing runs"() {
        given:
        restartRepo()
        RunbookFiles.write(repo, 'ops/TypoSpec.groovy', '''\
            import dev.runbook.testing.RunbookSpecification

            class TypoSpec extends RunbookSpecificaton {
            }
            ''')
        RunbookFiles.write(repo, 'ops/BraceSpec.groovy', '''\
            import dev.runbook.testing.RunbookSpecification

            class BraceSpec extends RunbookSpecification {
                def "unclosed"() {
                    expect:
                    true
            }
            ''')
        def reports = repo.resolve('reports')

        when:
        def run = CliRun.of('test', '--junit-xml', reports.toString(), repo.resolve('ops').toString())
        def suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(reports.resolve('TEST-spock.xml').toFile()).documentElement
        def cases = elements(suite, 'testcase')

        then:
        run.exitCode == ExitCodes.BAD_INPUT
        run.err.contains("JUnit XML: ${reports.resolve('TEST-spock.xml')} (one failing testcase per spec file that does not compile)")
        suite.getAttribute('tests') == '2'
        suite.getAttribute('failures') == '2'
        cases*.getAttribute('classname') as Set == ['TypoSpec', 'BraceSpec'] as Set
        cases.every { elements(it, 'failure').size() == 1 }
        def typo = cases.find { it.getAttribute('classname') == 'TypoSpec' }
        elements(typo, 'failure')[0].getAttribute('message') ==~ /.*TypoSpec\.groovy:3:24: unable to resolve class RunbookSpecificaton.*/
        !run.out.contains('RestartSpec')
    }

    def "a runbook that does not compile is reported once, with the features that load it, not once per feature"() {
        given:
        RunbookFiles.write(repo, 'ops/broken.groovy', '''\
            runbook('broken') {
                step('One') { sh 'echo one'
            }
            ''')
        RunbookFiles.write(repo, 'ops/BrokenSpec.groovy', '''\
            import dev.runbook.testing.RunbookSpecification

            class BrokenSpec extends RunbookSpecification {
                def setup() { load 'broken.groovy' }
                def "first"() { expect: run().succeeded }
                def "second"() { expect: run().succeeded }
                def "third"() { expect: run().succeeded }
            }
            ''')

        when:
        def run = CliRun.of('test', repo.toString())

        then:
        run.exitCode == ExitCodes.FAILED
        run.out.count('the file ends before every { is closed') == 1 + 1   // once for the features, once in the coverage table's row
        run.out.contains('✗ BrokenSpec › first\n✗ BrokenSpec › second\n✗ BrokenSpec › third\n')
        run.out.contains('the runbook these 3 features load does not compile: one error, shown once')
        run.out =~ /✗ .*ops\/broken\.groovy  does not compile, so no spec can load it: .*broken\.groovy:4:1/
        !run.hasStackTrace
    }

    private static List<Element> elements(Element parent, String tag) {
        def nodes = parent.getElementsByTagName(tag)
        (0..<nodes.length).collect { nodes.item(it) as Element }
    }
}
