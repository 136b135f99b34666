package dev.runbook.integrations.docker

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.DockerTestContext
import dev.runbook.integrations.testing.PrivateDockerEngine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.time.Instant

import static dev.runbook.integrations.testing.PrivateDockerEngine.waitUntil

/**
 * Ctrl-C (and a step's timeout) during docker calls that change a container, on the private engine (issue 19,
 * defect 5). The engine stops a step by interrupting its thread (engine.Workers); here the call runs on a thread of
 * its own that the spec interrupts at a moment it sees on the engine. Each feature then looks at the real state:
 * a destructive call either completed or put the old container back, and says which.
 */
@Requires(value = { PrivateDockerEngine.runnable() }, reason = 'needs dockerd, docker, busybox-static and root (.ci/install-docker.sh)')
class DockerInterruptFaultSpec extends Specification {
    @Shared PrivateDockerEngine engine
    DockerTestContext ctx
    Docker docker

    def setupSpec() {
        engine = PrivateDockerEngine.get()
    }

    def setup() {
        engine.startDaemon()
        engine.removeAllContainers()
        ctx = new DockerTestContext(engine.environment())
        docker = new DockerProvider().create(ctx) as Docker
    }

    /** The call on a thread of its own, as the engine runs a step: result, error, and whether it kept the interrupt. */
    private static Map step(Closure call) {
        Map out = [:].asSynchronized()
        out.thread = Thread.start {
            try {
                out.result = call()
            } catch (Throwable t) {
                out.error = t
            } finally {
                out.keptInterrupt = Thread.currentThread().isInterrupted()
            }
        }
        out
    }

    private String state(String container = 'api') {
        engine.docker('inspect', '-f', '{{.Id}} {{.Config.Image}} {{.State.Running}}', container)
    }

    private List<String> names() {
        engine.docker('ps', '-a', '--format', '{{.Names}}').readLines().sort()
    }

    /** Waits until the engine has sent SIGTERM to the container since {@code since}: a stop is under way. */
    private void waitForStopOf(String container, Instant since) {
        waitUntil(60) {
            def now = Instant.now()
            engine.docker('events', '--since', "${since.epochSecond}", '--until', String.format('%d.%09d', now.epochSecond, now.nano),
                    '--filter', "container=$container", '--filter', 'event=kill', '--format', '{{.Action}}').contains('kill')
        }
    }

    private void waitForNewOneRunning(String image) {
        waitUntil(60) { engine.cli('inspect', '-f', '{{.Config.Image}} {{.State.Running}}', 'api').output.trim() == "$image true" && names().size() == 2 }
    }

    def "Ctrl-C while rollbackTo waits for the old container to stop: it is started again, and the failure says so"() {
        given: 'api ignores SIGTERM (sleep as pid 1), so its stop takes the stop timeout'
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/busybox:2', 'sleep', '600')
        def oldId = engine.docker('inspect', '-f', '{{.Id}}', 'api')
        def t0 = Instant.now().minusSeconds(1)

        when:
        def call = step { docker.container('api').rollbackTo('local/busybox:1', stopTimeout: 8, settle: 1.second) }
        waitForStopOf('api', t0)
        call.thread.interrupt()
        call.thread.join()

        then:
        call.error instanceof StepFailure
        call.error.kind() == StepFailure.Kind.ABORTED
        call.error.message == "docker: rollback of container 'api' to local/busybox:1 was interrupted (Ctrl-C, SIGTERM or the step's timeout) " +
                "after it stopped the old container (${oldId.take(12)}); rolled forward: 'api' runs local/busybox:2 again"
        call.keptInterrupt
        with(ctx.callsOf('rollbackTo')[0]) {
            outcome == 'failed'
            interrupted == true
            it.state == 'compensated'
        }
        and: 'the old container runs again; no new one is left'
        state() == "$oldId local/busybox:2 true"
        names() == ['api']
    }

    def "Ctrl-C while rollbackTo watches the new container: the new one is removed and the old one runs again"() {
        given:
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/busybox:2')
        def oldId = engine.docker('inspect', '-f', '{{.Id}}', 'api')

        when:
        def call = step { docker.container('api').rollbackTo('local/busybox:1', settle: 10.minutes) }
        waitForNewOneRunning('local/busybox:1')
        call.thread.interrupt()
        call.thread.join()

        then:
        call.error instanceof StepFailure
        call.error.kind() == StepFailure.Kind.ABORTED
        call.error.message.contains('was interrupted (Ctrl-C, SIGTERM or the step\'s timeout) after it stopped the old container')
        call.error.message.endsWith("rolled forward: 'api' runs local/busybox:2 again")
        !call.error.message.contains('(null)')
        ctx.callsOf('rollbackTo')[0].state == 'compensated'
        state() == "$oldId local/busybox:2 true"
        names() == ['api']
    }

    def "Ctrl-C while recreate watches the new container: the old one, with its writable layer, runs again"() {
        given:
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/busybox:1')
        engine.docker('exec', 'api', 'sh', '-c', 'echo scratch > /scratch')
        def oldId = engine.docker('inspect', '-f', '{{.Id}}', 'api')

        when:
        def call = step { docker.container('api').recreate(settle: 10.minutes) }
        waitForNewOneRunning('local/busybox:1')
        call.thread.interrupt()
        call.thread.join()

        then:
        call.error instanceof StepFailure
        call.error.kind() == StepFailure.Kind.ABORTED
        call.error.message.startsWith("docker: recreate of container 'api' was interrupted")
        call.error.message.endsWith("rolled forward: 'api' runs local/busybox:1 again")
        ctx.callsOf('recreate')[0].state == 'compensated'
        state() == "$oldId local/busybox:1 true"
        engine.docker('exec', 'api', 'cat', '/scratch') == 'scratch'
        names() == ['api']
    }

    def "Ctrl-C during a stop: the stop completes and the journal says it did, instead of blaming the engine"() {
        given:
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/busybox:1', 'sleep', '600')
        def t0 = Instant.now().minusSeconds(1)

        when:
        def call = step { docker.container('api').stop(timeout: 8) }
        waitForStopOf('api', t0)
        call.thread.interrupt()
        call.thread.join()

        then:
        call.error == null
        call.result.changed
        call.keptInterrupt
        with(ctx.callsOf('stop')[0]) {
            outcome == 'ok'
            interrupted == true
            it.state == 'completed'
        }
        engine.docker('inspect', '-f', '{{.State.Running}}', 'api') == 'false'
    }

    def "a call made after the step was stopped is not done at all, and says so"() {
        given:
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', 'local/busybox:1')
        def startedAt = engine.docker('inspect', '-f', '{{.State.StartedAt}}', 'api')

        when:
        def call = step {
            Thread.currentThread().interrupt()
            docker.container('api').restart()
        }
        call.thread.join()

        then:
        call.error instanceof StepFailure
        call.error.kind() == StepFailure.Kind.ABORTED
        call.error.message == "docker: restart of container 'api' was not done: the step was stopped before it began"
        ctx.callsOf('restart')[0].state == 'unchanged'
        engine.docker('inspect', '-f', '{{.State.StartedAt}}', 'api') == startedAt
    }
}
