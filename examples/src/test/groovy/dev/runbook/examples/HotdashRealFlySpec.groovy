package dev.runbook.examples

import com.sun.net.httpserver.HttpServer
import dev.runbook.compile.RunbookCompiler
import dev.runbook.compile.TeamFiles
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunSession
import dev.runbook.integrations.fly.FlyOutputs
import dev.runbook.integrations.testing.StubCli
import dev.runbook.journal.JournalReader
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * examples/hotdash/fly-rollback.groovy through the real fly integration and engine, with `flyctl` as the fly
 * integration's specs have it: a stub on the run's PATH answering in flyctl's own JSON formats (no Fly.io here),
 * and a real HTTP health endpoint.
 */
class HotdashRealFlySpec extends Specification {
    static final String HEALTHY = FlyOutputs.STATUS.replace('"status": "critical", "output": "connect: connection refused"',
            '"status": "passing", "output": "200 OK"')

    @TempDir Path dir
    HttpServer health
    StubCli stub = new StubCli().install('flyctl', [releases: [out: FlyOutputs.RELEASES], deploy: [out: 'deployed\n'], status: [out: HEALTHY]])

    def setup() {
        health = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        health.createContext('/api/health') { ex ->
            def body = '{"status":"ok"}'.bytes
            ex.sendResponseHeaders(200, body.length)
            ex.responseBody.withCloseable { it.write(body) }
        }
        health.start()
    }

    def cleanup() {
        health?.stop(0)
        stub.delete()
    }

    def "HotDash is redeployed with the newest complete release before the current one, after the approval the run's severity asks for"() {
        given:
        def file = Path.of('examples/hotdash/fly-rollback.groovy')
        def compiler = new RunbookCompiler()
        def runbook = compiler.compile(file)
        def team = TeamFiles.load(null, file, Path.of(''), compiler)
        Map<String, String> env = new HashMap<>(System.getenv())
        env.putAll(stub.env(FLY_API_TOKEN: 'fo1_hotdash_token'))
        def options = RunOptions.defaults([healthUrl: "http://127.0.0.1:${health.address.port}/api/health".toString()])
                .withEnvironment(env).withRunsRoot(dir.resolve('runs')).withApprovedBy(['chen']).withOperatorName('oncall')

        when:
        def result = RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader), team).withCloseable {
            it.runToEnd()
        }

        then:
        result.outcome().label() == 'succeeded'
        stub.calls('flyctl').find { it[0] == 'deploy' } == ['deploy', '--app', 'hotdash', '--image', 'registry.fly.io/voxflow-api:deployment-01J41',
                                                            '--strategy', 'rolling']
        def events = JournalReader.read(result.runDir())
        // reads are journaled when they decide something (releases), the gate's status polls are not
        events.findAll { it.type() == 'integration.call' && it.str('integration') == 'fly' }*.str('action') == ['releases', 'releases', 'rollback']
        stub.calls('flyctl')*.first().contains('status')
        events.find { it.type() == 'approval.requested' }.data().needs == 'one lead (P1)'
        events.find { it.type() == 'approval.granted' }.data().by == 'chen'
        !result.runDir().resolve('journal.jsonl').toFile().text.contains('fo1_hotdash_token')
    }
}
