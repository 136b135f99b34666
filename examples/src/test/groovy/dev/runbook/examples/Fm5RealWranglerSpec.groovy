package dev.runbook.examples

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import dev.runbook.compile.RunbookCompiler
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunResult
import dev.runbook.engine.RunSession
import dev.runbook.integrations.testing.StubCli
import dev.runbook.journal.JournalReader
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path
import java.time.Instant
import java.time.temporal.ChronoUnit
import java.util.concurrent.CopyOnWriteArrayList

/**
 * examples/fm5/health-check-failures.groovy through the real wrangler integration and engine, in real time, with
 * `wrangler` as the wrangler integration's specs have it: a stub on the run's PATH answering in wrangler's own
 * formats (no Cloudflare here). FM5's services are one real HTTP server that behaves like them: the Worker answers
 * 500 until wrangler has rolled it back, the queue's backlog drains once its consumer is redeployed; Slack is a
 * webhook on the same server.
 */
class Fm5RealWranglerSpec extends Specification {
    static final String TOKEN = 'cf-fm5-token-7f3a'
    static final String CURRENT = 'c0ffee01-0000-4000-8000-0000000000b4'
    static final String PREVIOUS = 'a1b2c3d4-0000-4000-8000-0000000000a7'
    static final String ROLLED_BACK = '├ Performing rollback...\n│\n╰  SUCCESS  Worker Version ' + PREVIOUS + ' has been deployed to 100% of traffic.\n'

    @TempDir Path dir
    HttpServer fm5
    List<String> slack = new CopyOnWriteArrayList<>()
    /** What is wrong when the run starts: fm5-api's newest deploy (by default), the queue consumer (when set). */
    boolean apiBroken = true
    boolean queueStuck = false
    /** The same deployments for every Worker: fm5-api's newest is 20 minutes old, so "within the hour". */
    StubCli stub = new StubCli().install('wrangler', [deployments: [out: deployments(Instant.now().minus(20, ChronoUnit.MINUTES))],
                                                      rollback   : [out: ROLLED_BACK]])

    def setup() {
        fm5 = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        // the Worker serves the bad version until wrangler has rolled it back
        fm5.createContext('/api/health') { ex -> apiBroken && !rolledBack('fm5-api') ? answer(ex, 500, 'error code: 1101') : answer(ex, 200, 'ok') }
        // the stuck consumer: the backlog only drains once fm5-jobs is redeployed
        fm5.createContext('/api/internal/queue/health') { ex ->
            queueStuck && !rolledBack('fm5-jobs') ? answer(ex, 503, '{"backlog":5400}') : answer(ex, 200, queueStuck ? '{"backlog":40}' : '{"backlog":0}')
        }
        fm5.createContext('/web/health') { ex -> answer(ex, 200, 'ok') }
        fm5.createContext('/auth/health') { ex -> answer(ex, 200, 'ok') }
        fm5.createContext('/slack') { ex ->
            slack << ex.requestBody.text
            answer(ex, 200, 'ok')
        }
        fm5.start()
    }

    def cleanup() {
        fm5?.stop(0)
        stub.delete()
    }

    def "fm5-api failing after a deploy within the hour: wrangler rolls it back to the version before, after a lead approves"() {
        when:
        def result = run()

        then: 'wrangler was asked for the deployments, then to roll back to the one before the current, with --yes'
        result.outcome().label() == 'succeeded'
        stub.calls('wrangler') == [['deployments', 'list', '--name', 'fm5-api', '--json'],
                                   ['rollback', PREVIOUS, '--name', 'fm5-api', '--message', 'health check failing after deploy', '--yes']]
        result.steps()['Probe every service'].value == 'api'
        result.steps()['api: recent deploy?'].value == PREVIOUS
        result.steps()['web: roll back in the Pages dashboard'].status == 'skipped'

        and: 'the journal has both calls, the lead approval before the rollback, and the health gate passing after it'
        def events = JournalReader.read(result.runDir())
        def calls = events.findAll { it.type() == 'integration.call' && it.str('integration') == 'wrangler' }
        calls*.str('action') == ['deployments', 'rollback']
        calls*.str('outcome') == ['ok', 'ok']
        calls[1].str('command') == "wrangler rollback ${PREVIOUS} --name fm5-api --message 'health check failing after deploy' --yes".toString()
        events.find { it.type() == 'approval.granted' }.data().by == 'yuki'
        events.findIndexOf { it.type() == 'approval.granted' } < events.findIndexOf { it.type() == 'integration.call' && it.str('action') == 'rollback' }
        result.steps()['every health check passes'].status == 'ok'

        and: 'nobody was paged for a rollback that worked, and the token went nowhere'
        slack == []
        !result.runDir().resolve('journal.jsonl').toFile().text.contains(TOKEN)
    }

    def "Cloudflare refusing the rollback fails the run there, and the team hears wrangler's reason without the token"() {
        given:
        stub.install('wrangler', [rollback: [err: "✘ [ERROR] A request to the Cloudflare API failed. Authentication error [code: 10000] ${TOKEN}\n", exit: 1]])

        when:
        def result = run()

        then:
        result.outcome().label() == 'failed'
        stub.calls('wrangler')*.first() == ['deployments', 'rollback']
        def events = JournalReader.read(result.runDir())
        events.findAll { it.type() == 'integration.call' && it.str('integration') == 'wrangler' }*.str('outcome') == ['ok', 'failed']
        result.failure().step == 'api: roll the deploy back'

        and: 'the health gate never ran: the Worker is still broken and the run says so at once'
        !events.any { it.type() == 'step.started' && it.str('step') == 'every health check passes' }

        and:
        slack.size() == 1
        slack[0].contains("FM5 health check runbook FAILED at 'api: roll the deploy back'")
        slack[0].contains('Authentication error [code: 10000] ****')
        !slack[0].contains(TOKEN)
        !result.runDir().resolve('journal.jsonl').toFile().text.contains(TOKEN)
    }

    def "a stuck queue: fm5-jobs' current version is redeployed without an approval and the run waits for the backlog to drain"() {
        given:
        apiBroken = false
        queueStuck = true

        when:
        def result = run()

        then: 'the version that serves now is deployed again: the consumer restarts, nothing else changes'
        result.outcome().label() == 'succeeded'
        result.steps()['Probe every service'].value == 'queue'
        stub.calls('wrangler') == [['deployments', 'list', '--name', 'fm5-jobs', '--json'],
                                   ['rollback', CURRENT, '--name', 'fm5-jobs', '--message', 'restart the stuck queue consumer', '--yes']]
        result.steps()['queue backlog draining'].status == 'ok'
        JournalReader.read(result.runDir()).every { it.type() != 'approval.requested' }
        slack == []
    }

    /** Runs the runbook as `runbook exec` would, in this JVM: real engine, real integrations, the system clock. */
    private RunResult run() {
        def file = Path.of('examples/fm5/health-check-failures.groovy')
        def runbook = new RunbookCompiler().compile(file)
        String base = "http://127.0.0.1:${fm5.address.port}"
        Map<String, String> env = new HashMap<>(System.getenv())
        env.putAll(stub.env(CLOUDFLARE_API_TOKEN: TOKEN, SLACK_WEBHOOK: "${base}/slack".toString()))
        def options = RunOptions.defaults([baseUrl: "${base}/api".toString(), webUrl: "${base}/web".toString(), authUrl: "${base}/auth".toString()])
                .withEnvironment(env).withRunsRoot(dir.resolve('runs')).withApprovedBy(['yuki:lead']).withOperatorName('oncall')
        RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader)).withCloseable {
            it.runToEnd()
        }
    }

    private boolean rolledBack(String worker) {
        stub.calls('wrangler').any { it[0] == 'rollback' && worker in it }
    }

    private static void answer(HttpExchange ex, int status, String body) {
        byte[] bytes = body.bytes
        ex.sendResponseHeaders(status, bytes.length)
        ex.responseBody.withCloseable { it.write(bytes) }
    }

    /** `wrangler deployments list --json`: the API's deployment objects, oldest first; the newest is {@code deployedAt}. */
    private static String deployments(Instant deployedAt) {
        """[
  {
    "id": "dep-0411", "source": "wrangler", "strategy": "percentage", "author_email": "ci@fm5.app",
    "annotations": {"workers/triggered_by": "deployment", "workers/message": "v4.1.3"},
    "created_on": "2026-11-24T14:00:00.000000Z",
    "versions": [{"version_id": "${PREVIOUS}", "percentage": 100}]
  },
  {
    "id": "dep-0412", "source": "wrangler", "strategy": "percentage", "author_email": "ci@fm5.app",
    "annotations": {"workers/triggered_by": "deployment", "workers/message": "v4.2.0"},
    "created_on": "${deployedAt}",
    "versions": [{"version_id": "${CURRENT}", "percentage": 100}]
  }
]
"""
    }
}
