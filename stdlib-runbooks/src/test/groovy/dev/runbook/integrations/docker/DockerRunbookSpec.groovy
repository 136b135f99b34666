package dev.runbook.integrations.docker

import dev.runbook.compile.RunbookCompiler
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.Outcome
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunResult
import dev.runbook.engine.RunSession
import dev.runbook.integrations.compose.ComposeSpec
import dev.runbook.integrations.testing.PrivateDockerEngine
import dev.runbook.journal.Event
import dev.runbook.journal.JournalReader
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/** The docker and compose integrations used by name inside runbook steps, run by the engine against the private engine. */
@Requires(value = { PrivateDockerEngine.runnable() }, reason = 'needs dockerd, docker, busybox-static and root (.ci/install-docker.sh)')
class DockerRunbookSpec extends Specification {
    static final String RUNBOOK = '''\
runbook('api-rollback') {
    param 'version', required: true
    param 'composeFile', required: true

    step('Roll the api container back') {
        def before = docker.container('api').inspect()
        log "api runs ${before.image}"
        def result = docker.container('api').rollbackTo("local/busybox:${params.version}", settle: 1.second)
        log result.toString()
    }

    step('Restart the shop stack') {
        def shop = compose(params.composeFile, project: 'shop')
        shop.up()
        shop.restart('web')
        def states = shop.ps().collect { "${it.service}=${it.state}" }.sort()
        log "shop: ${states.join(', ')}"
    }
}
'''

    static final String SLOW_ROLLBACK = '''\
runbook('api-rollback-watched') {
    step('Roll the api container back', timeout: 30.minutes) {
        docker.container('api').rollbackTo('local/busybox:1', settle: 10.minutes)
    }
}
'''

    @Shared PrivateDockerEngine engine
    @TempDir Path dir

    def setupSpec() {
        engine = PrivateDockerEngine.get()
    }

    def setup() {
        engine.removeAllContainers()
        engine.docker('run', '-d', '--name', 'api', '--network', 'none', '-e', 'DB_HOST=db.internal', 'local/busybox:2')
    }

    private RunResult run(String version) {
        def compose = dir.resolve('docker-compose.yml')
        java.nio.file.Files.writeString(compose, ComposeSpec.FILE)
        def runbook = new RunbookCompiler().compile(RUNBOOK, dir.resolve('api-rollback.groovy').toString())
        def options = RunOptions.defaults([version: version, composeFile: compose.toString()])
                .withEnvironment(engine.environment())
                .withRunsRoot(dir.resolve('runs'))
        def session = RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader))
        try {
            return session.runToEnd()
        } finally {
            session.close()
        }
    }

    def "Ctrl-C while a runbook's rollbackTo watches the new container: the old one runs again, and the journal says so without blaming the engine"() {
        given:
        def oldId = engine.docker('inspect', '-f', '{{.Id}}', 'api')
        def runbook = new RunbookCompiler().compile(SLOW_ROLLBACK, dir.resolve('api-rollback-watched.groovy').toString())
        def options = RunOptions.defaults([:]).withEnvironment(engine.environment()).withRunsRoot(dir.resolve('runs'))
        def session = RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader))
        RunResult result = null
        def run = Thread.start { result = session.runToEnd() }

        when: 'the new container runs under the name and the old one waits aside: the operator presses Ctrl-C'
        PrivateDockerEngine.waitUntil(60) {
            engine.cli('inspect', '-f', '{{.Config.Image}} {{.State.Running}}', 'api').output.trim() == 'local/busybox:1 true'
        }
        session.interrupt()
        run.join()
        session.close()

        then:
        result.outcome() == Outcome.ABORTED
        with(calls(result).find { it.str('action') == 'rollbackTo' }) {
            str('outcome') == 'failed'
            get('interrupted') == true
            str('state') == 'compensated'
            str('error').endsWith("rolled forward: 'api' runs local/busybox:2 again")
            !str('error').contains('cannot reach the Docker Engine')
        }
        engine.docker('inspect', '-f', '{{.Id}} {{.Config.Image}} {{.State.Running}}', 'api') == "$oldId local/busybox:2 true"
        engine.docker('ps', '-a', '--format', '{{.Names}}').readLines() == ['api']
    }

    private static List<Event> calls(RunResult result) {
        JournalReader.read(result.runDir()).findAll { it.type() == 'integration.call' }
    }

    private static List<String> logs(RunResult result) {
        JournalReader.read(result.runDir()).findAll { it.type() == 'step.log' }.collect { it.str('text') }
    }

    @Requires(value = { PrivateDockerEngine.runnable('docker-compose') }, reason = 'needs docker-compose (.ci/install-docker.sh)')
    def "a runbook rolls a container back and restarts a compose stack, and the journal has every call"() {
        when:
        def result = run('1')

        then:
        result.outcome() == Outcome.SUCCEEDED
        engine.docker('inspect', '-f', '{{.Config.Image}}', 'api') == 'local/busybox:1'
        logs(result) == ['api runs local/busybox:2',
                         'api rolled back from local/busybox:2 to local/busybox:1 (container ' + engine.docker('inspect', '-f', '{{.Id}}', 'api').take(12) + ')',
                         'shop: web=running, worker=running']
        calls(result).collect { [it.str('integration'), it.str('action'), it.str('target'), it.str('outcome')] } == [
                ['docker', 'inspect', 'api', 'ok'],
                ['docker', 'rollbackTo', 'api', 'ok'],
                ['compose', 'up', 'shop', 'ok'],
                ['compose', 'restart', 'shop', 'ok'],
                ['compose', 'ps', 'shop', 'ok'],
        ]
        calls(result).every { it.str('step') != null && it.get('durationMs') != null }
    }

    def "a rollback that does not start fails the step with both the failure and the roll-forward"() {
        when:
        def result = run('broken')

        then:
        result.outcome() == Outcome.FAILED
        result.failure().step == 'Roll the api container back'
        result.failure().message.contains('exited at once with code 1')
        result.failure().message.contains("rolled forward: 'api' runs local/busybox:2 again")
        engine.docker('inspect', '-f', '{{.Config.Image}} {{.State.Running}}', 'api') == 'local/busybox:2 true'
        with(calls(result).find { it.str('action') == 'rollbackTo' }) {
            str('outcome') == 'failed'
            str('error') == result.failure().message
        }
    }
}
