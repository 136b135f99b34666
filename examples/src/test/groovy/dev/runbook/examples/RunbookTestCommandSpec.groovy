package dev.runbook.examples

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * {@code ./runbook test} through the real launcher and runbook.jar: its class path (lib/) carries Spock's compiler transform,
 * its JUnit Platform engine and the launcher, and Byte Buddy and Objenesis for mocks of classes, so a team's specs
 * compile and run with nothing but the tool.
 */
class RunbookTestCommandSpec extends Specification {
    @TempDir
    Path repo

    def "the packaged tool compiles and runs a team's specs, reports the failing one and its coverage, and writes JUnit XML"() {
        given:
        write 'deploy/restart.groovy', '''\
            runbook('restart-api') {
                step('Restart') {
                    sh 'docker compose restart api'
                    onFailure { sh 'docker compose up -d --force-recreate api' }
                }
                onFailure { notify slack: '#ops', text: 'restart FAILED' }
            }
            '''
        write 'deploy/RestartSpec.groovy', '''\
            import dev.runbook.testing.RunbookSpecification

            class RestartSpec extends RunbookSpecification {
                def "restarts the api"() {
                    given:
                    load 'restart.groovy'
                    shell.on('docker compose restart api')

                    expect:
                    run().succeeded
                }

                def "a restart that fails recreates the container"() {
                    given:
                    load 'restart.groovy'
                    shell.on('docker compose restart api') { exit 1 }
                    shell.on(~/--force-recreate/)

                    when:
                    def result = run()

                    then:
                    result.succeeded   // wrong: the step failed, so the run did
                }
            }
            '''
        def reports = repo.resolve('reports')

        when:
        def run = Launcher.run(repo, [:], 'test', '--junit-xml', reports.toString(), repo.toString())

        then:
        run.exitCode == 1
        run.out.contains('✗ RestartSpec  1 failed, 1 passed')
        run.out.contains('✗ RestartSpec › a restart that fails recreates the container')
        run.out.contains('Condition not satisfied:')
        run.out.contains('1 spec, 2 features: 1 passed, 1 failed, 0 skipped')
        run.out =~ /deploy\/restart\.groovy  steps 1\/1  handlers 2\/2  gates 0\/0/
        Files.readString(reports.resolve('TEST-spock.xml')) =~ /<testsuite name="Spock" tests="2" skipped="0" failures="1" errors="0"/
    }

    def "a team's spec can mock its own classes, not only interfaces: the jar carries the libraries Spock needs"() {
        given: 'a helper class of the team, one with no constructor without arguments, and a spec that mocks both'
        write 'ops/PagerSpec.groovy', '''\
            import spock.lang.Specification

            class Pager {
                String page(String who) { "paged $who" }
            }

            class Escalation {
                final String team
                Escalation(String team) { this.team = team }
                String next() { 'lead' }
            }

            class PagerSpec extends Specification {
                def "the pager is called once for the on-call engineer"() {
                    given:
                    def pager = Mock(Pager)
                    def escalation = Stub(Escalation) { next() >> 'manager' }

                    when:
                    pager.page(escalation.next())

                    then:
                    1 * pager.page('manager')
                }
            }
            '''

        when:
        def run = Launcher.run(repo, [:], 'test', repo.toString())

        then:
        run.exitCode == 0
        run.out.contains('✓ PagerSpec  1 passed')
    }

    private void write(String name, String text) {
        def file = repo.resolve(name)
        Files.createDirectories(file.parent)
        Files.writeString(file, text.stripIndent())
    }
}
