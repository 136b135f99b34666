package dev.runbook.cli

import dev.runbook.integrations.testing.PrivateDockerEngine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * SIGTERM to {@code runbook exec} while a step's rollbackTo replaces a container on the private dockerd (issue 19,
 * defect 5). The process used to halt at once: the old container was left stopped aside, the new one ran, and the
 * journal said nothing of it. Now the call puts the old one back and journals so before the process ends.
 */
@Requires(value = { PrivateDockerEngine.runnable() }, reason = 'needs dockerd, docker, busybox-static and root (.ci/install-docker.sh)')
class DockerSigtermFaultSpec extends Specification {
    @TempDir Path dir
    @Shared PrivateDockerEngine engine
    CliProcess cli

    def setupSpec() {
        engine = PrivateDockerEngine.get()
    }

    def setup() {
        engine.removeAllContainers()
    }

    def cleanup() {
        cli?.process?.destroyForcibly()
    }

    def "SIGTERM while rollbackTo watches the new container: the old one runs again and the journal says so before the run's end"() {
        given:
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/busybox:2')
        def oldId = engine.docker('inspect', '-f', '{{.Id}}', 'api')
        def file = RunbookFiles.write(dir, 'slow-rollback.groovy', '''\
            runbook('slow-rollback') {
                step('Roll back', timeout: 30.minutes) {
                    docker.container('api').rollbackTo('local/busybox:1', settle: 10.minutes)
                }
            }
            ''')
        cli = CliProcess.start(dir, ['exec', file, '--journal', dir.resolve('runs').toString()], [DOCKER_HOST: engine.host])

        when: 'the new container runs under the name, the old one waits aside, and a supervisor stops the CLI'
        assert CliProcess.poll(90) {
            engine.cli('inspect', '-f', '{{.Config.Image}} {{.State.Running}}', 'api').output.trim() == 'local/busybox:1 true'
        }
        cli.signal('TERM')

        then:
        cli.process.waitFor(60, TimeUnit.SECONDS)
        cli.process.exitValue() == 3

        and: 'the journal has how the call ended, then why the run ended'
        def events = cli.events()
        def call = events.find { it.type == 'integration.call' && it.action == 'rollbackTo' }
        call.outcome == 'failed'
        call.state == 'compensated'
        call.interrupted == true
        call.error.endsWith("rolled forward: 'api' runs local/busybox:2 again")
        events.indexOf(call) < events.findIndexOf { it.type == 'run.terminated' }

        and: 'the old container runs again, nothing else is left'
        engine.docker('inspect', '-f', '{{.Id}} {{.Config.Image}} {{.State.Running}}', 'api') == "$oldId local/busybox:2 true"
        engine.docker('ps', '-a', '--format', '{{.Names}}').readLines() == ['api']
    }
}
