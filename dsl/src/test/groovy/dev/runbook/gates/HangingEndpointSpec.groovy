package dev.runbook.gates

import dev.runbook.engine.Outcome
import dev.runbook.testing.RunHarness
import dev.runbook.testing.ScriptedHttpServer
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * Real time and a real endpoint that accepts the request and never answers: each poll has its own timeout, so
 * the gate ends when its window does, not when the endpoint gives up.
 */
class HangingEndpointSpec extends Specification {
    @TempDir Path tmp
    @AutoCleanup ScriptedHttpServer server = new ScriptedHttpServer()
    RunHarness harness

    def setup() {
        harness = new RunHarness(tmp)
        harness.params = [url: server.url('/health')]
    }

    private static String gate(String g) {
        """
        runbook('hang') {
            param 'url'
            health { http params.url, expect: 200 }
            $g
        }
        """
    }

    def "a hanging endpoint does not stall the gate past its window"() {
        given:
        server.hang('/health')

        when:
        long t0 = System.nanoTime()
        def result = harness.run(gate('gate health(within: 2.seconds, every: 500.millis)'))
        long realMs = (System.nanoTime() - t0).intdiv(1_000_000)

        then: 'the one poll was cut at the end of the window (the probe alone would wait 30s)'
        result.outcome() == Outcome.FAILED
        result.failure().message == 'no answer within 2.0s after 2.0s, 1 poll'
        realMs < 2_000 + 1_500
        server.hitsOf('/health') == 1
    }

    def "each poll has its own timeout, so a gate recovers after a hanging poll"() {
        given: 'the first request hangs, then the endpoint answers'
        server.replies('/health', [new ScriptedHttpServer.Reply(hang: true), new ScriptedHttpServer.Reply(status: 200)])

        when:
        long t0 = System.nanoTime()
        def result = harness.run(gate('gate health(within: 20.seconds, every: 200.millis, pollTimeout: 1.second)'))
        long realMs = (System.nanoTime() - t0).intdiv(1_000_000)

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.events('gate.poll')*.str('observation') == ['no answer within 1.0s', 'GET /health → 200']
        realMs < 20_000
    }
}
