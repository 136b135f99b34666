package dev.runbook.integrations.docker

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.DockerTestContext
import dev.runbook.integrations.testing.PrivateDockerEngine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.time.Instant

import static dev.runbook.integrations.testing.PrivateDockerEngine.IDLE
import static dev.runbook.integrations.testing.PrivateDockerEngine.waitUntil

@Requires(value = { PrivateDockerEngine.runnable() }, reason = 'needs dockerd, docker, busybox-static and root (.ci/install-docker.sh)')
class DockerSpec extends Specification {
    @Shared PrivateDockerEngine engine
    DockerTestContext ctx
    Docker docker

    def setupSpec() {
        engine = PrivateDockerEngine.get()
    }

    def setup() {
        engine.removeAllContainers()
        ctx = new DockerTestContext(engine.environment())
        docker = new DockerProvider().create(ctx) as Docker
    }

    private String idle(String name, String... extra) {
        engine.docker(*(['run', '-d', '--name', name, '--network', 'none'] + extra.toList() + ['local/busybox:1']))
    }

    def "ps lists running containers, and stopped ones too with all: true"() {
        given:
        idle('web')
        engine.docker('run', '--name', 'job', '--network', 'none', 'local/busybox:1', 'true')

        when:
        def running = docker.ps()
        def all = docker.ps(all: true)
        def byName = docker.ps(all: true, name: 'jo')

        then:
        running*.name == ['web']
        running[0].running
        running[0].image == 'local/busybox:1'
        all*.name.sort() == ['job', 'web']
        all.find { it.name == 'job' }.state == 'exited'
        byName*.name == ['job']
    }

    def "inspect tells the image, state, env, network mode and restart policy"() {
        given:
        idle('api', '-e', 'DB_HOST=db.internal', '--restart', 'unless-stopped')

        when:
        def info = docker.container('api').inspect()

        then:
        info.name == 'api'
        info.image == 'local/busybox:1'
        info.running
        info.status == 'running'
        info.env.DB_HOST == 'db.internal'
        info.env.APP_VERSION == '1'
        info.networkMode == 'none'
        info.restartPolicy == 'unless-stopped'
        info.health == 'none'
        and: 'the text form names env keys, never their values'
        !info.toString().contains('db.internal')
    }

    def "stop, start and restart change the container's state, and say when there was nothing to do"() {
        given:
        idle('api')
        def api = docker.container('api')
        def firstStart = api.inspect().startedAt

        when:
        def stopped = api.stop(timeout: 5)
        def stoppedAgain = api.stop()

        then:
        stopped.changed
        !stoppedAgain.changed
        !api.inspect().running

        when:
        api.start()
        def startedAt = api.inspect().startedAt
        api.restart(timeout: 2)

        then:
        api.inspect().running
        startedAt != firstStart
        api.inspect().startedAt != startedAt
        ctx.callsOf('restart')[0].timeoutSeconds == 2
    }

    def "remove with force: removes a running container"() {
        given:
        idle('api')

        when:
        docker.container('api').remove(force: true)

        then:
        docker.ps(all: true).isEmpty()
    }

    def "logs give the last lines a container wrote, stderr included"() {
        given:
        engine.docker('run', '-d', '--name', 'chatty', '--network', 'none', 'local/busybox:1', 'sh', '-c',
                'for i in 1 2 3 4; do echo line $i; done; ' + IDLE)
        engine.docker('run', '-d', '--name', 'grumpy', '--network', 'none', 'local/busybox:1', 'sh', '-c', 'echo oops >&2; ' + IDLE)
        waitUntil(10) { docker.container('chatty').logs().lines.size() == 4 && docker.container('grumpy').logs().contains('oops') }

        expect:
        docker.container('chatty').logs(tail: 2).lines == ['line 3', 'line 4']
        docker.container('chatty').logs(since: 1.minute).lines == ['line 1', 'line 2', 'line 3', 'line 4']
        docker.container('grumpy').logs().lines == ['oops']
    }

    def "stats samples memory and processes of a running container, and refuse a stopped one"() {
        given:
        idle('api')

        when:
        def stats = docker.container('api').stats()

        then:
        stats.memoryBytes > 0
        stats.pids >= 1
        stats.cpuPercent >= 0

        when:
        docker.container('api').stop()
        docker.container('api').stats()

        then:
        def e = thrown(StepFailure)
        e.message == "docker: stats of container 'api' failed: it is not running"
    }

    def "health reports the health check's verdict, and none without one"() {
        given:
        idle('checked', '--health-cmd', 'test -e /bin/sh', '--health-interval', '1s')
        idle('unchecked')

        when:
        waitUntil(20) { docker.container('checked').health().status != 'starting' }

        then:
        docker.container('checked').health().healthy
        docker.container('unchecked').health().status == 'none'
    }

    def "images lists the tags of a repository with their creation time"() {
        when:
        def tags = docker.images('local/busybox')

        then:
        tags*.tag.sort() == ['1', '2', 'broken']
        tags.every { it.created != null && it.created.isBefore(Instant.now().plusSeconds(1)) }
        tags.find { it.tag == '2' }.reference == 'local/busybox:2'
        docker.images('local/nothing').isEmpty()
    }

    def "run starts a container with the given env, network and command"() {
        when:
        def c = docker.run('local/busybox:2', name: 'worker', env: [QUEUE: 'mail'], network: 'none',
                cmd: ['sh', '-c', 'echo queue=$QUEUE; ' + IDLE])
        waitUntil(10) { c.logs().contains('queue=mail') }

        then:
        c.name == 'worker'
        with(c.inspect()) {
            running
            image == 'local/busybox:2'
            env.QUEUE == 'mail'
            networkMode == 'none'
        }
        ctx.callsOf('run')[0].envKeys == ['QUEUE']
    }

    def "rollbackTo recreates the container with the other tag, keeping env, mounts, network and restart policy"() {
        given: 'api runs tag 2 with settings of its own'
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', '--restart', 'unless-stopped',
                '-e', 'DB_HOST=db.internal', '-v', 'apidata:/data', '-l', 'team=payments', 'local/busybox:2')
        def before = docker.container('api').inspect()

        when:
        def result = docker.container('api').rollbackTo('local/busybox:1', settle: 1.second)

        then:
        result.changed
        result.from == 'local/busybox:2'
        result.to == 'local/busybox:1'
        with(docker.container('api').inspect()) {
            id != before.id
            running
            image == 'local/busybox:1'
            env.APP_VERSION == '1'        // the new image's own default, not the old one's
            env.DB_HOST == 'db.internal'  // set on the container: kept
            mounts == ['apidata:/data']
            networkMode == 'none'
            restartPolicy == 'unless-stopped'
            labels.team == 'payments'
        }
        and: 'the original container is gone once the new one stays up'
        docker.ps(all: true)*.name == ['api']
        and:
        with(ctx.callsOf('rollbackTo')[0]) {
            outcome == 'ok'
            target == 'api'
            image == 'local/busybox:1'
            from == 'local/busybox:2'
        }
    }

    def "rollbackTo a tag that exits at once rolls forward to the original container and says both"() {
        given:
        idle('api', '-e', 'DB_HOST=db.internal')
        def before = docker.container('api').inspect()

        when:
        docker.container('api').rollbackTo('local/busybox:broken', settle: 2.seconds)

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("docker: rollback of container 'api' to local/busybox:broken failed: ")
        e.message.contains('the new container with local/busybox:broken exited at once with code 1')
        e.message.contains('cannot open /etc/app.conf')
        e.message.endsWith("rolled forward: 'api' runs local/busybox:1 again")
        and: 'the original is back under its name, running'
        with(docker.container('api').inspect()) {
            id == before.id
            running
            image == 'local/busybox:1'
        }
        docker.ps(all: true)*.name == ['api']
        with(ctx.callsOf('rollbackTo')[0]) {
            outcome == 'failed'
            rolledForward == true
            error == e.message
        }
    }

    def "rollbackTo an image the engine does not have fails before touching the container"() {
        given:
        idle('api')
        def before = docker.container('api').inspect()

        when:
        docker.container('api').rollbackTo('local/busybox:9.9.9')

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("docker: rollbackTo of container 'api' failed: image local/busybox:9.9.9 is not on the engine and pulling it failed")
        docker.container('api').inspect().id == before.id
        docker.container('api').inspect().running
    }

    def "rollbackTo the image a running container already runs leaves it alone"() {
        given:
        idle('api')
        def before = docker.container('api').inspect()

        when:
        def result = docker.container('api').rollbackTo('local/busybox:1')

        then:
        !result.changed
        result.outcome == 'unchanged'
        result.toString() == 'api already runs local/busybox:1; nothing done'
        docker.container('api').inspect().id == before.id
    }

    def "a dry run journals what would change and changes nothing"() {
        given:
        idle('api')
        def before = docker.container('api').inspect()
        def dry = new DockerProvider().create(new DockerTestContext(engine.environment(), true)) as Docker

        when:
        def restart = dry.container('api').restart()
        def rollback = dry.container('api').rollbackTo('local/busybox:2')
        def remove = dry.container('api').remove(force: true)
        def run = dry.run('local/busybox:1', name: 'extra', network: 'none')

        then:
        [restart, rollback, remove]*.dryRun == [true, true, true]
        rollback.toString() == 'would recreate api with local/busybox:2 (dry run)'
        run.name == 'extra'
        with(docker.container('api').inspect()) {
            id == before.id
            startedAt == before.startedAt
            image == 'local/busybox:1'
        }
        docker.ps(all: true)*.name == ['api']
        and: 'reads still run in a dry run'
        dry.ps()*.name == ['api']
    }

    def "a call on a container that does not exist names it and the engine's reason"() {
        when:
        docker.container('ghost').restart()

        then:
        def e = thrown(StepFailure)
        e.message == "docker: restart of container 'ghost' failed: No such container: ghost"
        with(ctx.callsOf('restart')[0]) {
            integration == 'docker'
            target == 'ghost'
            outcome == 'failed'
            error == e.message
            durationMs >= 0
        }
    }

    def "a misspelt option fails with a suggestion"() {
        when:
        docker.ps(al: true)

        then:
        def e = thrown(StepFailure)
        e.message == "docker.ps: unknown option 'al' — did you mean 'all'?"
    }

    def "an engine that is not there is reported with its address when first used, not when the integration is created"() {
        given:
        def away = new DockerProvider().create(new DockerTestContext([DOCKER_HOST: 'unix:///tmp/no-such-docker.sock'])) as Docker

        when:
        away.ps()

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("docker: ps of containers '*' failed: cannot reach the Docker Engine at unix:///tmp/no-such-docker.sock")
        e.message.endsWith('is dockerd running? Set DOCKER_HOST to point at it')
    }
}
