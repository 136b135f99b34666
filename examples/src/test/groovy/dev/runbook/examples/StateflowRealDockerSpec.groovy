package dev.runbook.examples

import com.sun.net.httpserver.HttpServer
import dev.runbook.compile.RunbookCompiler
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunSession
import dev.runbook.integrations.testing.PrivateDockerEngine
import dev.runbook.journal.JournalReader
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * examples/stateflow/container-rollback.groovy run for real against a Docker Engine (the private dockerd the
 * docker integration's specs start, with images built from busybox): the container is re-created from the previous
 * image with its own configuration, and the health gate polls a real HTTP endpoint.
 */
@Requires(value = { PrivateDockerEngine.runnable() }, reason = 'needs dockerd, docker, busybox-static and root (.ci/install-docker.sh)')
class StateflowRealDockerSpec extends Specification {
    @Shared PrivateDockerEngine engine
    @TempDir Path dir
    HttpServer health

    def setupSpec() {
        engine = PrivateDockerEngine.get()
    }

    def setup() {
        engine.removeAllContainers()
        // StateFlow's api image, the broken v2.3.2 and the previous v2.3.1, here both made from the test busybox image
        engine.docker('tag', 'local/busybox:1', 'stateflow/api:v2.3.1')
        engine.docker('tag', 'local/busybox:2', 'stateflow/api:v2.3.2')
        engine.docker('run', '-d', '--name', 'stateflow-api-1', '--network', 'none', '--restart', 'unless-stopped',
                '-e', 'DATABASE_URL=postgres://stateflow@db/stateflow', 'stateflow/api:v2.3.2')
        health = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        health.createContext('/api/health') { ex -> ex.sendResponseHeaders(200, -1); ex.close() }
        health.start()
    }

    def cleanup() {
        health?.stop(0)
        engine.removeAllContainers()
    }

    def "the api container is re-created from the previous image, keeping its env and restart policy, and health is checked"() {
        given:
        def runbook = new RunbookCompiler().compile(Path.of('examples/stateflow/container-rollback.groovy'))
        def options = RunOptions.defaults([tag: 'v2.3.1', healthUrl: "http://127.0.0.1:${health.address.port}/api/health".toString()])
                .withEnvironment(engine.environment())
                .withRunsRoot(dir.resolve('runs'))
                .withApprovedBy(['bob:manager'])

        when:
        def result = RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader)).withCloseable {
            it.runToEnd()
        }

        then:
        result.outcome().label() == 'succeeded'
        engine.docker('inspect', '-f', '{{.Config.Image}} {{.State.Running}} {{.HostConfig.RestartPolicy.Name}}', 'stateflow-api-1') ==
                'stateflow/api:v2.3.1 true unless-stopped'
        engine.docker('inspect', '-f', '{{range .Config.Env}}{{println .}}{{end}}', 'stateflow-api-1').contains('DATABASE_URL=postgres://stateflow@db/stateflow')

        and: 'the journal shows what was done to which container'
        def calls = JournalReader.read(result.runDir()).findAll { it.type() == 'integration.call' && it.data().integration == 'docker' }
        calls.any { it.data().action == 'rollbackTo' && it.data().target == 'stateflow-api-1' && it.data().outcome == 'ok' }
    }
}
