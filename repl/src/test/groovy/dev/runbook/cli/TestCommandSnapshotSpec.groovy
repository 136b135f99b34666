package dev.runbook.cli

import dev.runbook.term.ExitCodes
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Call-log snapshots through {@code runbook test}: the first run writes the golden file beside the spec, the next
 * passes, a changed runbook fails with a readable diff, and {@code --update-snapshots} rewrites it.
 */
class TestCommandSnapshotSpec extends Specification {
    @TempDir
    Path repo

    static final String RUNBOOK = '''\
        runbook('restart-api') {
            param 'service', default: 'api'
            step('Restart') { sh "docker compose restart ${params.service}" }
            step('Check') { sh "curl -fsS http://127.0.0.1:4000/health?run=${run.id}" }
            always { notify slack: '#ops', text: "restart of ${params.service} done" }
        }
        '''

    static final String SPEC = '''\
        import dev.runbook.testing.RunbookSpecification

        class RestartSpec extends RunbookSpecification {
            def "restarts the service and checks its health"() {
                given:
                load 'restart.groovy'
                shell.on(~/docker compose restart/)
                shell.on(~/curl/) { stdout 'ok' }

                when:
                def result = run()

                then:
                result.succeeded
                matchesSnapshot()
            }
        }
        '''

    Path snapshot() { repo.resolve('ops/snapshots/RestartSpec/restarts-the-service-and-checks-its-health.txt') }

    def "the first run writes the snapshot beside the spec; the same calls pass the next run and write nothing"() {
        given:
        RunbookFiles.write(repo, 'ops/restart.groovy', RUNBOOK)
        RunbookFiles.write(repo, 'ops/RestartSpec.groovy', SPEC)

        when:
        def first = CliRun.of('test', repo.toString())
        def written = Files.readString(snapshot())
        def second = CliRun.of('test', repo.toString())

        then: 'one line per call, with its step; the run id (different every run) written as <run>'
        first.exitCode == ExitCodes.OK
        first.out.contains('Snapshots: 1 call log written for the first time (review them and commit them beside the specs):')
        first.out.contains(snapshot().toString())
        written == '''\
            # call log of RestartSpec › restarts the service and checks its health (runbook test --update-snapshots rewrites it)
            [Restart] sh: docker compose restart api
            [Check] sh: curl -fsS http://127.0.0.1:4000/health?run=<run>
            [always] notify: slack #ops: restart of api done
            '''.stripIndent()

        and:
        second.exitCode == ExitCodes.OK
        !second.out.contains('Snapshots:')
        Files.readString(snapshot()) == written
    }

    def "a changed runbook fails with a diff of the call log; --update-snapshots rewrites the file and the next run passes"() {
        given:
        RunbookFiles.write(repo, 'ops/restart.groovy', RUNBOOK)
        RunbookFiles.write(repo, 'ops/RestartSpec.groovy', SPEC)
        CliRun.of('test', repo.toString())
        def before = Files.readString(snapshot())

        when: 'the runbook now restarts with --no-deps'
        RunbookFiles.write(repo, 'ops/restart.groovy', RUNBOOK.replace('docker compose restart', 'docker compose restart --no-deps'))
        def changed = CliRun.of('test', repo.toString())

        then:
        changed.exitCode == ExitCodes.FAILED
        changed.out.contains("the call log differs from its snapshot ${snapshot()}")
        changed.out.contains('if the change is intended: runbook test --update-snapshots')
        changed.out.contains('-[Restart] sh: docker compose restart api')
        changed.out.contains('+[Restart] sh: docker compose restart --no-deps api')
        changed.out.contains(' [Check] sh: curl')        // context around the change
        Files.readString(snapshot()) == before           // a failing run never rewrites it

        when:
        def update = CliRun.of('test', '--update-snapshots', repo.toString())
        def after = CliRun.of('test', repo.toString())

        then:
        update.exitCode == ExitCodes.OK
        update.out.contains('Snapshots: 1 call log rewritten (--update-snapshots; review the change in the diff):')
        Files.readString(snapshot()).contains('[Restart] sh: docker compose restart --no-deps api')
        after.exitCode == ExitCodes.OK
        !after.out.contains('Snapshots:')
    }
}
