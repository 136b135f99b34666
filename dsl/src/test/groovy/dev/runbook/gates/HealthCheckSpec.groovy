package dev.runbook.gates

import dev.runbook.engine.Outcome
import dev.runbook.testing.RunHarness
import dev.runbook.testing.ScriptedHttpServer
import dev.runbook.testing.VirtualClock
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/** Every form of the runbook's health check, judged against a real HTTP endpoint through {@code gate health}. */
class HealthCheckSpec extends Specification {
    @TempDir Path tmp
    @AutoCleanup ScriptedHttpServer server = new ScriptedHttpServer()
    RunHarness harness

    def setup() {
        harness = new RunHarness(tmp)
        harness.clock = new VirtualClock()
        harness.params = [url: server.url('/health')]
    }

    private String runbookWith(String health) {
        """
        runbook('health-forms') {
            param 'url'
            health { $health }
            gate health(within: 10.seconds, every: 5.seconds)
        }
        """
    }

    def "the health check '#check' passes against #status #body"() {
        given:
        server.reply('/health', [status: status, body: body])

        when:
        def result = harness.run(runbookWith(check))

        then:
        result.outcome() == Outcome.SUCCEEDED
        server.hitsOf('/health') == 1
        harness.event('gate.poll').get('ok') == true
        harness.event('gate.poll').str('observation') == observation

        where:
        check                                                      | status | body                        || observation
        "http params.url, expect: 200"                             | 200    | '{"status":"ok"}'           || 'GET /health → 200'
        "http params.url, expect: 200..299"                        | 204    | ''                          || 'GET /health → 204'
        'http params.url, body: ~/"status":"ok"/'                  | 200    | '{"status":"ok","v":1}'     || 'GET /health → 200'
        "http params.url, json: { it.database == 'connected' }"    | 200    | '{"database":"connected"}'  || 'GET /health → 200'
        "http.get(params.url).json.database == 'connected'"        | 200    | '{"database":"connected"}'  || 'condition is true'
    }

    def "the health check '#check' fails against #status #body, and the gate says what it saw"() {
        given:
        server.reply('/health', [status: status, body: body])

        when:
        def result = harness.run(runbookWith(check))

        then: 'polls at 0s, 5s and 10s, then the window is over'
        result.outcome() == Outcome.FAILED
        server.hitsOf('/health') == 3
        result.failure().step == 'gate health'
        result.failure().message == "$observation after 10s, 3 polls"

        and: 'three identical polls are journaled once'
        harness.event('gate.poll').str('observation') == observation

        where:
        check                                                      | status | body                        || observation
        "http params.url, expect: 200"                             | 503    | '{"status":"down"}'         || 'GET /health → 503 (expected 200)'
        "http params.url, expect: 200..299"                        | 404    | '{}'                        || 'GET /health → 404 (expected 200..299)'
        'http params.url, body: ~/"status":"ok"/'                  | 200    | '{"status":"degraded"}'     || 'GET /health → 200 (body does not match /"status":"ok"/)'
        "http params.url, json: { it.database == 'connected' }"    | 200    | '{"database":"down"}'       || 'GET /health → 200 (json condition is false: {"database":"down"})'
        "http params.url, json: { it.database == 'connected' }"    | 200    | 'all good'                  || 'GET /health → 200 (body is not JSON)'
        "http.get(params.url).json.database == 'connected'"        | 200    | '{"database":"down"}'       || 'condition is false'
    }

    def "a health probe with no expect: wants 200"() {
        given:
        server.statuses('/health', 201)

        when:
        def result = harness.run(runbookWith('http params.url'))

        then:
        result.outcome() == Outcome.FAILED
        result.failure().message.startsWith('GET /health → 201 (expected 200)')
    }

    def "gate health uses the default window of 2 minutes, polling every 5 seconds"() {
        given:
        server.statuses('/health', 500)

        when:
        def result = harness.run("""
            runbook('default-window') {
                param 'url'
                health { http params.url, expect: 200 }
                gate health
            }
        """)

        then:
        result.outcome() == Outcome.FAILED
        result.failure().message == 'GET /health → 500 (expected 200) after 2m, 25 polls'
        harness.clock.elapsed() == java.time.Duration.ofMinutes(2)
        def started = harness.events('step.started').find { it.str('step') == 'gate health' }
        started.num('withinMs') == 120_000
        started.num('everyMs') == 5_000
    }

    def "an unreachable health endpoint is an observation, not a crash"() {
        given:
        def closedPort = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
        harness.params = [url: "http://127.0.0.1:$closedPort/health".toString()]

        when:
        def result = harness.run(runbookWith('http params.url, expect: 200'))

        then:
        result.outcome() == Outcome.FAILED
        result.failure().message == 'GET /health → connection refused after 10s, 3 polls'
    }
}
