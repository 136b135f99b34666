package dev.runbook.integrations.docker

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.DockerTestContext
import dev.runbook.integrations.testing.PrivateDockerEngine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import static dev.runbook.integrations.testing.PrivateDockerEngine.IDLE
import static dev.runbook.integrations.testing.PrivateDockerEngine.waitUntil

/**
 * Faults of the real system during docker calls that replace a container (issue 19's fault suite, docker half): a
 * new container that exits at start, an image or tag that is missing, a port taken, dockerd stopped mid-call. Each
 * asserts the call's outcome and then the engine's real state: which container runs under the name, which image.
 */
@Requires(value = { PrivateDockerEngine.runnable() }, reason = 'needs dockerd, docker, busybox-static and root (.ci/install-docker.sh)')
class DockerFaultSpec extends Specification {
    @Shared PrivateDockerEngine engine
    DockerTestContext ctx
    Docker docker

    def setupSpec() {
        engine = PrivateDockerEngine.get()
        engine.cli('network', 'create', 'appnet') // already there from an earlier spec: fine
    }

    def setup() {
        engine.startDaemon()
        engine.removeAllContainers()
        ctx = new DockerTestContext(engine.environment())
        docker = new DockerProvider().create(ctx) as Docker
    }

    def cleanup() {
        engine.startDaemon() // a feature that stopped dockerd and failed before starting it again
    }

    private String state(String container = 'api') {
        engine.docker('inspect', '-f', '{{.Id}} {{.Config.Image}} {{.State.Running}}', container)
    }

    private List<String> names() {
        engine.docker('ps', '-a', '--format', '{{.Names}}').readLines().sort()
    }

    def "rollbackTo an image whose command fails at start puts the original back, running, and journals compensated"() {
        given:
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', '-e', 'DB_HOST=db.internal', 'local/busybox:2')
        def before = state()

        when:
        docker.container('api').rollbackTo('local/busybox:broken', settle: 2.seconds)

        then:
        def e = thrown(StepFailure)
        e.kind() == StepFailure.Kind.ERROR
        e.message.contains('the new container with local/busybox:broken exited at once with code 1 (its last output: cannot open /etc/app.conf)')
        e.message.endsWith("rolled forward: 'api' runs local/busybox:2 again")
        state() == before
        names() == ['api']
        with(ctx.callsOf('rollbackTo')[0]) {
            outcome == 'failed'
            it.state == 'compensated'
        }
    }

    def "recreate of a container whose configuration lived in its writable layer: the new one exits, the old one runs again with its file"() {
        given: 'the app reads /etc/app.conf, copied into the container by hand long ago'
        engine.docker('create', '--name', 'api', '--network', 'none', 'local/busybox:1', 'sh', '-c',
                'test -e /etc/app.conf || { echo no /etc/app.conf >&2; exit 3; }; ' + IDLE)
        def conf = File.createTempFile('app', '.conf')
        conf.text = 'mode=prod'
        engine.docker('cp', conf.path, 'api:/etc/app.conf')
        engine.docker('start', 'api')
        def before = state()

        when:
        docker.container('api').recreate(settle: 2.seconds)

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("docker: recreate of container 'api' failed: the new container exited at once with code 3 (its last output: no /etc/app.conf)")
        e.message.endsWith("rolled forward: 'api' runs local/busybox:1 again")
        state() == before
        engine.docker('exec', 'api', 'cat', '/etc/app.conf') == 'mode=prod'
        names() == ['api']
        ctx.callsOf('recreate')[0].state == 'compensated'

        cleanup:
        conf?.delete()
    }

    def "rollbackTo an image that is not there fails before touching the container"() {
        given:
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/busybox:1')
        def before = state()

        when:
        docker.container('api').rollbackTo('local/busybox:9.9.9')

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("docker: rollbackTo of container 'api' failed: image local/busybox:9.9.9 is not on the engine and pulling it failed")
        state() == before
        names() == ['api']
    }

    def "recreate of a container whose image tag was removed recreates it from the very image it runs, not from whatever the tag names"() {
        given:
        engine.docker('tag', 'local/busybox:1', 'local/app:gone')
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/app:gone')
        engine.docker('rmi', 'local/app:gone')
        def imageId = engine.docker('inspect', '-f', '{{.Image}}', 'api')

        when:
        def result = docker.container('api').recreate(settle: 1.second)

        then:
        result.image == imageId
        engine.docker('inspect', '-f', '{{.Image}} {{.State.Running}}', 'api') == "$imageId true"
        names() == ['api']
    }

    def "recreate when the container's host port is taken: the new one cannot start, the old one is back as it was"() {
        given: 'api, stopped, publishes a port that another program took meanwhile'
        int port = DockerRecreateSpec.freePort()
        engine.docker('create', '--name', 'api', '--network', 'appnet', '-p', "$port:80", 'local/busybox:1')
        def before = state()
        def squatter = new ServerSocket(port)

        when:
        docker.container('api').recreate(settle: 1.second)

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("docker: recreate of container 'api' failed: the new container could not be started: ")
        e.message.contains('address already in use')
        e.message.endsWith("rolled forward: 'api' is back as it was (it was not running before, so it was left stopped)")
        state() == before
        names() == ['api']

        cleanup:
        squatter?.close()
    }

    def "dockerd stopped while rollbackTo waits for the new container: outcome unknown, naming the engine and what was done, never ok"() {
        given:
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/busybox:2')
        def oldId = engine.docker('inspect', '-f', '{{.Id}}', 'api')
        Throwable error = null
        def call = Thread.start {
            try {
                docker.container('api').rollbackTo('local/busybox:1', settle: 10.minutes)
            } catch (Throwable t) {
                error = t
            }
        }

        when: 'the new container runs under the name and the old one waits aside'
        waitUntil(60) { engine.cli('inspect', '-f', '{{.Config.Image}} {{.State.Running}}', 'api').output.trim() == 'local/busybox:1 true' }
        engine.stopDaemon()
        call.join()

        then: 'dockerd closed its socket and stopped the containers as it went: what the call saw and did, and that it cannot tell'
        error instanceof StepFailure
        error.message.startsWith("docker: rollback of container 'api' to local/busybox:1: outcome unknown (the Docker Engine at ${engine.host} failed mid-way) — ")
        error.message.contains("after it stopped the old container (${oldId.take(12)}), renamed it 'api-before-rollback-")
        error.message.contains("rolling forward to the original container (id ${oldId.take(12)}) failed too: ")
        error.message.endsWith('look with: docker ps -a --filter name=api')
        !error.message.contains('(null)')
        with(ctx.callsOf('rollbackTo')[0]) {
            outcome == 'failed'
            it.state == 'unknown'
        }

        when: 'the engine is back'
        engine.startDaemon()

        then: 'the original container was not deleted: it is there to be put back by hand, as the message says'
        engine.docker('inspect', '-f', '{{.Config.Image}}', oldId) == 'local/busybox:2'
    }

    def "a call while dockerd is stopped says it cannot reach the engine at its address"() {
        given:
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/busybox:1')
        engine.stopDaemon()

        when:
        docker.container('api').restart()

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("docker: restart of container 'api' failed: cannot reach the Docker Engine at ${engine.host}")
        ctx.callsOf('restart')[0].outcome == 'failed'
    }
}
