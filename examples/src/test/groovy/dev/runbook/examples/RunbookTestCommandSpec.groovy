package dev.runbook.examples

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * {@code ./runbook test} through the real launcher and runbook.jar: the shaded jar carries Spock's compiler transform,
 * its JUnit Platform engine and the launcher, so a team's specs compile and run with nothing but the tool.
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

    private void write(String name, String text) {
        def file = repo.resolve(name)
        Files.createDirectories(file.parent)
        Files.writeString(file, text.stripIndent())
    }
}
