package dev.runbook.integrations.docker

import dev.runbook.integrations.testing.DockerTestContext
import dev.runbook.integrations.testing.PrivateDockerEngine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import static dev.runbook.integrations.testing.PrivateDockerEngine.IDLE

/**
 * {@code recreate()} on the private engine: a new container with the same configuration and a fresh writable layer
 * (issue 19, defect 4: the ladder's "force recreate" was a {@code rollbackTo} of the image already running, which did
 * nothing and reported ok), and {@code rollbackTo} of the running image saying it did nothing.
 */
@Requires(value = { PrivateDockerEngine.runnable() }, reason = 'needs dockerd, docker, busybox-static and root (.ci/install-docker.sh)')
class DockerRecreateSpec extends Specification {
    @Shared PrivateDockerEngine engine
    DockerTestContext ctx
    Docker docker

    def setupSpec() {
        engine = PrivateDockerEngine.get()
        ['appnet', 'backnet'].each { engine.cli('network', 'create', it) } // already there from an earlier spec: fine
    }

    def setup() {
        engine.removeAllContainers()
        ctx = new DockerTestContext(engine.environment())
        docker = new DockerProvider().create(ctx) as Docker
    }

    static int freePort() {
        new ServerSocket(0).withCloseable { it.localPort }
    }

    private String look(String format, String container = 'api') {
        engine.docker('inspect', '-f', format, container)
    }

    def "recreate makes a new container with the same configuration: the writable layer is new, the named volume's data kept"() {
        given: 'api with env, a published port, a named volume, two networks with aliases, a label, a restart policy and a command'
        int port = freePort()
        engine.docker('run', '-d', '--name', 'api', '--network', 'appnet', '--network-alias', 'api.internal', '-p', "$port:80",
                '--restart', 'unless-stopped', '-e', 'DB_HOST=db.internal', '-v', 'apidata:/data', '-l', 'team=payments',
                'local/busybox:1', 'sh', '-c', 'echo started >> /data/starts; ' + IDLE)
        engine.docker('network', 'connect', '--alias', 'api.back', 'backnet', 'api')
        engine.docker('exec', 'api', 'sh', '-c', 'echo scratch > /scratch && echo kept > /data/kept')
        def before = docker.container('api').inspect()
        def ports = look('{{json .HostConfig.PortBindings}}')

        when:
        def result = docker.container('api').recreate(settle: 1.second)

        then:
        result.outcome == 'recreated'
        result.from == before.id
        result.image == 'local/busybox:1'
        def after = docker.container('api').inspect()
        after.id == result.containerId
        after.id != before.id
        after.running
        after.image == 'local/busybox:1'
        after.env == before.env
        after.labels == before.labels
        after.mounts == ['apidata:/data']
        after.networkMode == 'appnet'
        after.restartPolicy == 'unless-stopped'
        after.cmd == before.cmd
        look('{{json .HostConfig.PortBindings}}') == ports
        look('{{json .NetworkSettings.Networks.appnet.Aliases}}').contains('"api.internal"')
        look('{{json .NetworkSettings.Networks.backnet.Aliases}}').contains('"api.back"')

        and: 'the file in the old writable layer is gone, the volume kept its data, and the command ran again'
        engine.cli('exec', 'api', 'test', '-e', '/scratch').exitCode == 1
        engine.docker('exec', 'api', 'cat', '/data/kept') == 'kept'
        engine.docker('exec', 'api', 'cat', '/data/starts').readLines() == ['started', 'started']

        and: 'the old container is gone once the new one runs'
        docker.ps(all: true)*.name == ['api']
        with(ctx.callsOf('recreate')[0]) {
            outcome == 'ok'
            target == 'api'
            image == 'local/busybox:1'
        }
    }

    def "recreate of a stopped container starts the new one (a sick container that exited is the usual case)"() {
        given:
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/busybox:1')
        engine.docker('stop', 'api')
        def before = docker.container('api').inspect()

        when:
        def result = docker.container('api').recreate(settle: 1.second)

        then:
        result.containerId != before.id
        docker.container('api').inspect().running
        docker.ps(all: true)*.name == ['api']
    }

    def "rollbackTo the image the container already runs does nothing and says so in the result, the journal and the console line"() {
        given:
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/busybox:1')
        def before = docker.container('api').inspect()

        when:
        def result = docker.container('api').rollbackTo('local/busybox:1', settle: 1.second)

        then:
        result.outcome == 'unchanged'
        !result.changed
        result.containerId == before.id
        result.toString() == 'api already runs local/busybox:1; nothing done'
        with(ctx.callsOf('rollbackTo')[0]) {
            outcome == 'ok'
            state == 'unchanged'
            status == 'already running local/busybox:1; nothing done' // the console shows it after the call
        }
        docker.container('api').inspect().id == before.id
    }

    def "a dry run of recreate changes nothing"() {
        given:
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/busybox:1')
        def before = docker.container('api').inspect()
        def dry = new DockerProvider().create(new DockerTestContext(engine.environment(), true)) as Docker

        when:
        def result = dry.container('api').recreate()

        then:
        result.dryRun
        result.outcome == 'dry-run'
        result.toString() == 'would recreate api (dry run)'
        docker.container('api').inspect().id == before.id
    }
}
