package dev.runbook.examples

import com.fasterxml.jackson.databind.ObjectMapper
import com.sun.net.httpserver.HttpServer
import dev.runbook.compile.RunbookCompiler
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunResult
import dev.runbook.engine.RunSession
import dev.runbook.integrations.testing.PrivateDockerEngine
import dev.runbook.journal.Event
import dev.runbook.journal.JournalReader
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit

import static dev.runbook.integrations.testing.PrivateDockerEngine.waitUntil

/**
 * examples/stateflow/rollback.groovy (the seed's rollback.sh) run for real: docker-compose (v1, as Debian packages
 * it) against the private Docker Engine, StateFlow's release images pulled from a real registry (docker-registry on
 * 127.0.0.1), and an api container that itself serves /api/health and /api/version (busybox httpd on the host
 * network) with the release baked into its image, so the version gate reads what really runs. Only Slack is a local
 * webhook that records what it is sent. There is no postgres in this stack: the api image reports its database
 * as connected (the database runbooks run against a real PostgreSQL in StateflowRealPartsSpec).
 */
@Requires(value = { PrivateDockerEngine.runnable('docker-compose', 'docker-registry') },
        reason = 'needs dockerd, docker, busybox-static, docker-compose, docker-registry and root (.ci/install-docker.sh)')
class StateflowRealComposeSpec extends Specification {
    /** The releases in the registry; v2.3.0 never was (a mistyped or cleaned-up tag). */
    static final List<String> RELEASES = ['v2.3.1', 'v2.4.0']
    static final List<String> SERVICES = ['api', 'worker']
    static final ObjectMapper JSON = new ObjectMapper()

    /** The api: writes its answers from the image's APP_VERSION and serves them on $PORT; exits at once on SIGTERM. */
    static final String API = 'mkdir -p /www/api && echo \'{"database":"connected"}\' > /www/api/health && ' +
            'echo "{\\"version\\":\\"$APP_VERSION\\"}" > /www/api/version && ' +
            'trap "exit 0" TERM; httpd -f -p "127.0.0.1:$PORT" -h /www & wait'

    @Shared PrivateDockerEngine engine
    @Shared LocalRegistry registry
    @TempDir Path dir
    Path composeFile
    String original
    int apiPort
    HttpServer slackHook
    List<String> slack = new CopyOnWriteArrayList<>()

    def setupSpec() {
        engine = PrivateDockerEngine.get()
        registry = LocalRegistry.get()
        // StateFlow's CI: each release's api and worker images, built (here: from the test busybox image) and pushed
        RELEASES.each { tag ->
            SERVICES.each { service ->
                def id = engine.docker('create', 'local/busybox:1')
                def changes = ['--change', "ENV APP_VERSION=${tag}".toString()]
                if (service == 'api') changes += ['--change', "CMD ${JSON.writeValueAsString(['/bin/sh', '-c', API])}".toString()]
                engine.docker(*(['commit'] + changes + [id, image(service, tag)]))
                engine.docker('rm', id)
                engine.docker('push', image(service, tag))
            }
        }
    }

    def setup() {
        engine.removeAllContainers()
        // this host has only run v2.4.0: the previous release is in the registry, not here, so the rollback must pull it
        SERVICES.each { engine.cli('rmi', image(it, 'v2.3.1')) }
        apiPort = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
        composeFile = dir.resolve('docker-compose.prod.yml')
        original = """\
            # StateFlow production (postgres runs elsewhere in this test)
            version: "3.7"
            services:
              api:
                image: ${image('api', 'v2.4.0')}   # set by the release script
                network_mode: host
                environment:
                  PORT: "${apiPort}"
              worker:
                image: ${image('worker', 'v2.4.0')}
                network_mode: none
            """.stripIndent()
        Files.writeString(composeFile, original)
        dockerCompose('up', '-d')
        waitUntil(20) { version() == 'v2.4.0' }
        slackHook = HttpServer.create(new InetSocketAddress(InetAddress.loopbackAddress, 0), 0)
        slackHook.createContext('/slack') { ex ->
            slack << JSON.readValue(ex.requestBody, Map).text
            ex.sendResponseHeaders(200, 2)
            ex.responseBody.withCloseable { it.write('ok'.bytes) }
        }
        slackHook.start()
    }

    def cleanup() {
        slackHook?.stop(0)
        engine.removeAllContainers()
    }

    def "rolls api and worker back to the previous release pulled from the registry, and the api then reports that version"() {
        given: 'the previous release is not on this host'
        assert SERVICES.every { engine.cli('image', 'inspect', image(it, 'v2.3.1')).exitCode != 0 }

        when:
        def result = rollback('v2.3.1')

        then: 'the run passed every step and gate'
        result.outcome().label() == 'succeeded'
        result.steps().findAll { name, step -> !step.ok }.isEmpty()

        and: 'both containers run the previous release, pulled from the registry, and the api serves it'
        running('api') == "${image('api', 'v2.3.1')} running"
        running('worker') == "${image('worker', 'v2.3.1')} running"
        version() == 'v2.3.1'

        and: 'the compose file is pinned to it, and the copy the run names holds the file as it was'
        Files.readString(composeFile) == original.replace(':v2.4.0', ':v2.3.1')
        def named = logs(result, 'Pin the previous tag').collect { (it =~ /copy of the file: (\S+)\)/).findAll()*.getAt(1) }.flatten()
        named.size() == 1
        Files.readString(Path.of(named[0])) == original

        and: 'the journal lists each Compose command, in order, all done'
        def calls = composeCalls(result)
        calls*.action == ['ps', 'logs', 'logs', 'stop', 'pinImage', 'pinImage', 'pull', 'up', 'ps']
        calls.every { it.outcome == 'ok' }

        and: 'the evidence was saved and the team was told'
        Files.exists(result.runDir().resolve('api-before-rollback.log'))
        slack == ["StateFlow rolled back to v2.3.1 (was ${image('api', 'v2.4.0')}); health and version verified.".toString()]
        handlers(result) == ['always']
    }

    def "a release the registry does not have fails the pull, and the broken release is started again so StateFlow is not left down"() {
        when: 'v2.3.0 was never pushed (the tag is mistyped)'
        def result = rollback('v2.3.0')

        then:
        result.outcome().label() == 'failed'
        result.failure().step == 'Pull and start the previous tag'
        result.failure().message.contains('manifest for ' + image('api', 'v2.3.0') + ' not found')
        result.steps()['Pull and start the previous tag'].attempts == 2
        handlers(result) == ['step onFailure: Pull and start the previous tag', 'onFailure', 'always']

        and: 'api and worker run v2.4.0 again, from a compose file that says so'
        running('api') == "${image('api', 'v2.4.0')} running"
        running('worker') == "${image('worker', 'v2.4.0')} running"
        version() == 'v2.4.0'
        Files.readString(composeFile) == original

        and: 'the journal shows both pulls failing, then the way back'
        def calls = composeCalls(result).dropWhile { it.action != 'pull' }
        calls*.action == ['pull', 'pull', 'pinImage', 'pinImage', 'up']
        calls*.outcome == ['failed', 'failed', 'ok', 'ok', 'ok']

        and: 'the team heard where it failed and why'
        slack.size() == 1
        slack[0].startsWith("StateFlow rollback to v2.3.0 FAILED at 'Pull and start the previous tag': compose: pull of compose project 'stateflow' failed: ")
        slack[0].contains('manifest unknown')
    }

    def "when the api already runs the tag asked for, nothing is stopped or pinned and the team hears why"() {
        given:
        def startedAt = SERVICES.collect { engine.docker('inspect', '-f', '{{.State.StartedAt}}', "stateflow_${it}_1") }

        when:
        def result = rollback('v2.4.0')

        then:
        result.outcome().label() == 'failed'
        result.failure().step == 'Record what runs now'
        result.failure().message.contains("api already runs ${image('api', 'v2.4.0')}")
        composeCalls(result)*.action == ['ps']
        SERVICES.collect { engine.docker('inspect', '-f', '{{.State.StartedAt}}', "stateflow_${it}_1") } == startedAt
        version() == 'v2.4.0'
        Files.readString(composeFile) == original
        slack.size() == 1
        slack[0].startsWith("StateFlow rollback to v2.4.0 FAILED at 'Record what runs now'")
        handlers(result) == ['onFailure', 'always']
    }

    private RunResult rollback(String previousTag) {
        def runbook = new RunbookCompiler().compile(Path.of('examples/stateflow/rollback.groovy'))
        def options = RunOptions.defaults([previousTag: previousTag, composeFile: composeFile.toString(), project: 'stateflow',
                                           baseUrl    : "http://127.0.0.1:${apiPort}".toString()])
                .withEnvironment(engine.environment() + [SLACK_WEBHOOK: "http://127.0.0.1:${slackHook.address.port}/slack".toString()])
                .withRunsRoot(dir.resolve('runs'))
                .withApprovedBy(['dana:lead'])
        // Operator.YES: the operator confirms the manual sign-in check
        RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader)).withCloseable {
            it.runToEnd()
        }
    }

    private String image(String service, String tag) {
        "${registry.host}/stateflow/${service}:${tag}".toString()
    }

    /** "<image> <status>" of a service's container, as the engine reports it. */
    private String running(String service) {
        engine.docker('inspect', '-f', '{{.Config.Image}} {{.State.Status}}', "stateflow_${service}_1".toString())
    }

    /** What the api container answers on /api/version; null while it does not answer. */
    private String version() {
        try {
            def c = (HttpURLConnection) new URL("http://127.0.0.1:${apiPort}/api/version").openConnection()
            c.connectTimeout = 500
            c.readTimeout = 2000
            c.responseCode == 200 ? JSON.readValue(c.inputStream, Map).version : null
        } catch (IOException ignored) {
            null
        }
    }

    private static List<Map> composeCalls(RunResult result) {
        JournalReader.read(result.runDir()).findAll { Event e -> e.type() == 'integration.call' && e.data().integration == 'compose' }*.data()
    }

    /** The handlers that ran: "step onFailure: <step>" for a step's own, "onFailure" and "always" for the run's. */
    private static List<String> handlers(RunResult result) {
        JournalReader.read(result.runDir()).findAll { Event e -> e.type() == 'handler.started' }
                .collect { Event e -> e.data().step ? "${e.data().handler}: ${e.data().step}".toString() : e.data().handler as String }
    }

    /** What a step logged, as the console and the report show it. */
    private static List<String> logs(RunResult result, String step) {
        JournalReader.read(result.runDir()).findAll { Event e -> e.type() == 'step.log' && e.data().step == step }*.data()*.text
    }

    private void dockerCompose(String... args) {
        def pb = new ProcessBuilder(['docker-compose', '-f', composeFile.toString(), '-p', 'stateflow', *args])
                .redirectErrorStream(true)
        pb.environment().putAll(engine.environment())
        def p = pb.start()
        def out = p.inputStream.text
        assert p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0: "docker-compose ${args.join(' ')} failed: ${out}"
    }
}
