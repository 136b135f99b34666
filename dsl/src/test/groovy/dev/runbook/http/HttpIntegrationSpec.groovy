package dev.runbook.http

import dev.runbook.engine.Outcome
import dev.runbook.testing.RunHarness
import dev.runbook.testing.ScriptedHttpServer
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/** {@code http.get/post/put/delete} in steps, against a real local server: what is sent, what comes back, what is journaled. */
class HttpIntegrationSpec extends Specification {
    @TempDir Path tmp
    @AutoCleanup ScriptedHttpServer server = new ScriptedHttpServer()
    RunHarness harness

    def setup() {
        harness = new RunHarness(tmp)
        harness.params = [base: server.url('')]
    }

    private Object stepValue(String body) {
        def result = harness.run("""
            runbook('http-calls') {
                param 'base'
                step('Call') { $body }
            }
        """)
        assert result.outcome() == Outcome.SUCCEEDED: result.failure()
        result.steps()['Call'].value
    }

    def "http.get returns status, body, parsed json and headers"() {
        given:
        server.reply('/api/status', [status: 200, body: '{"database":"connected","replicas":[1,2]}', headers: ['X-Version': 'v1.2.3']])

        when:
        def r = stepValue("""
            def r = http.get("\${params.base}/api/status", headers: [Authorization: 'Bearer t0ken'])
            [status: r.status, body: r.body, db: r.json.database, replicas: r.json.replicas, version: r.headers['x-version']]
        """)

        then:
        r.status == 200
        r.body == '{"database":"connected","replicas":[1,2]}'
        r.db == 'connected'
        r.replicas == [1, 2]
        r.version == ['v1.2.3']
        server.receivedAt('/api/status')[0].method == 'GET'
        server.receivedAt('/api/status')[0].header('Authorization') == 'Bearer t0ken'
    }

    def "http.post with json: sends a JSON body with its content type"() {
        given:
        server.reply('/deploys', [status: 201, body: '{"id":42}'])

        when:
        def id = stepValue("""http.post("\${params.base}/deploys", json: [version: 'v1.2.3', hosts: ['a', 'b']]).json.id""")

        then:
        id == 42
        def got = server.receivedAt('/deploys')[0]
        got.method == 'POST'
        got.header('Content-Type') == 'application/json'
        got.json == [version: 'v1.2.3', hosts: ['a', 'b']]
    }

    def "json: values built with \${...} are sent as their text"() {
        given:
        server.reply('/events', [status: 202])

        when:
        stepValue("""def v = 'v1.2.3'; http.post("\${params.base}/events", json: [text: "rolled back to \${v}", tags: ["v:\${v}"]]).status""")

        then:
        server.receivedAt('/events')[0].json == [text: 'rolled back to v1.2.3', tags: ['v:v1.2.3']]
    }

    def "http.put with body: sends the text as given, and http.delete sends a DELETE"() {
        given:
        server.reply('/flags/maintenance', [status: 204])

        when:
        def statuses = stepValue("""
            [http.put("\${params.base}/flags/maintenance", body: 'on', headers: ['Content-Type': 'text/plain']).status,
             http.delete("\${params.base}/flags/maintenance").status]
        """)

        then:
        statuses == [204, 204]
        server.receivedAt('/flags/maintenance')*.method == ['PUT', 'DELETE']
        server.receivedAt('/flags/maintenance')[0].body == 'on'
        server.receivedAt('/flags/maintenance')[0].header('Content-Type') == 'text/plain'
    }

    def "a non-2xx answer is returned, not thrown, so the runbook decides"() {
        given:
        server.statuses('/health', 503)

        expect:
        stepValue("""def r = http.get("\${params.base}/health"); [r.status, r.ok]""") == [503, false]
    }

    def "reading .json of a body that is not JSON fails the step and shows the body's start"() {
        given:
        server.reply('/text', [body: 'service is up', contentType: 'text/plain'])

        when:
        def result = harness.run("""
            runbook('not-json') {
                param 'base'
                step('Read') { http.get("\${params.base}/text").json.status }
            }
        """)

        then:
        result.outcome() == Outcome.FAILED
        result.failure().message == "GET ${server.url('/text')} → 200: the body is not JSON: service is up"
    }

    def "a refused connection fails the step with the target and the reason"() {
        given:
        int closed = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
        harness.params = [base: "http://127.0.0.1:$closed".toString()]

        when:
        def result = harness.run("""
            runbook('refused') {
                param 'base'
                step('Call') { http.get("\${params.base}/health") }
            }
        """)

        then:
        result.outcome() == Outcome.FAILED
        result.failure().message == 'GET /health → connection refused'
        def call = harness.event('integration.call')
        call.str('outcome') == 'failed'
        call.str('error') == 'connection refused'
    }

    def "timeout: bounds a request to an endpoint that never answers"() {
        given:
        server.hang('/slow')

        when:
        long t0 = System.nanoTime()
        def result = harness.run("""
            runbook('slow') {
                param 'base'
                step('Call') { http.get("\${params.base}/slow", timeout: 1.second) }
            }
        """)
        long realMs = (System.nanoTime() - t0).intdiv(1_000_000)

        then:
        result.outcome() == Outcome.FAILED
        result.failure().message == 'GET /slow → no answer within 1.0s'
        realMs < 10_000
    }

    def "every call is journaled as integration.call with target, method, outcome and status"() {
        given:
        server.statuses('/a', 200)
        server.reply('/b', [status: 500, body: 'boom'])

        when:
        stepValue("""http.get("\${params.base}/a"); http.post("\${params.base}/b", json: [x: 1]); null""")

        then:
        def calls = harness.events('integration.call')
        calls*.str('integration') == ['http', 'http']
        calls*.str('step') == ['Call', 'Call']
        calls*.str('action') == ['GET', 'POST']
        calls*.str('target') == [server.url('/a'), server.url('/b')]
        calls*.str('outcome') == ['ok', 'ok']
        calls*.get('status') == [200, 500]
        calls.every { it.get('durationMs') instanceof Number }
    }

    def "an unknown option is refused with the options there are"() {
        when:
        def result = harness.run("""
            runbook('typo') {
                param 'base'
                step('Call') { http.get("\${params.base}/a", header: [A: 'b']) }
            }
        """)

        then:
        result.outcome() == Outcome.FAILED
        result.failure().message.startsWith("unknown option 'header:' for http.get — did you mean 'headers'?")
        server.received.isEmpty()
    }
}
