package dev.runbook.gates

import dev.runbook.engine.Outcome
import dev.runbook.testing.RunHarness
import dev.runbook.testing.ScriptedHttpServer
import dev.runbook.testing.VirtualClock
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path
import java.time.Duration

/**
 * How a gate waits: poll every {@code every} until the condition holds, for {@code sustain} without a break
 * when set, failing when {@code within} runs out. Virtual time, except where a real hang is the point.
 */
class GateSemanticsSpec extends Specification {
    @TempDir Path tmp
    @AutoCleanup ScriptedHttpServer server = new ScriptedHttpServer()
    RunHarness harness
    VirtualClock clock = new VirtualClock()

    def setup() {
        harness = new RunHarness(tmp)
        harness.clock = clock
        harness.params = [url: server.url('/health')]
    }

    private static String healthGate(String gate) {
        """
        runbook('gates') {
            param 'url'
            health { http params.url, expect: 200 }
            step('Restart') { log 'restarted' }
            $gate
            step('After the gate') { log 'verified' }
        }
        """
    }

    def "a gate whose check passes at once polls once and lets the run go on"() {
        given:
        server.statuses('/health', 200)

        when:
        def result = harness.run(healthGate('gate health'))

        then:
        result.outcome() == Outcome.SUCCEEDED
        server.hitsOf('/health') == 1
        clock.elapsed() == Duration.ZERO
        harness.events('step.finished')*.str('step') == ['Restart', 'gate health', 'After the gate']
    }

    def "a gate recovers after failing polls, and the journal keeps only the changes"() {
        given: 'five 503s, then healthy'
        server.statuses('/health', 503, 503, 503, 503, 503, 200)

        when:
        def result = harness.run(healthGate('gate health(within: 1.minute, every: 2.seconds)'))

        then:
        result.outcome() == Outcome.SUCCEEDED
        server.hitsOf('/health') == 6
        clock.elapsed() == Duration.ofSeconds(10)

        and: 'six polls, two journaled: the first failure and the recovery'
        def polls = harness.events('gate.poll')
        polls*.get('poll') == [1, 6]
        polls*.get('ok') == [false, true]
        polls*.str('observation') == ['GET /health → 503 (expected 200)', 'GET /health → 200']
        polls*.num('elapsedMs') == [0L, 10_000L]

        and: 'the console saw every poll as live progress, which is not journaled'
        harness.live.findAll { it.type() == 'gate.progress' }*.get('polls') == [1, 2, 3, 4, 5, 6]
        harness.events('gate.progress').isEmpty()
    }

    def "a gate that never passes fails when its window runs out, with the last observation"() {
        given:
        server.statuses('/health', 500, 502, 503)

        when:
        def result = harness.run(healthGate('gate health(within: 2.minutes, every: 5.seconds)'))

        then:
        result.outcome() == Outcome.FAILED
        result.failure().step == 'gate health'
        result.failure().message == 'GET /health → 503 (expected 200) after 2m, 25 polls'
        clock.elapsed() == Duration.ofMinutes(2)

        and: 'the step after the gate never ran'
        !harness.events('step.started')*.str('step').contains('After the gate')

        and: 'each distinct observation journaled once'
        harness.events('gate.poll')*.str('observation') == ['GET /health → 500 (expected 200)', 'GET /health → 502 (expected 200)',
                                                           'GET /health → 503 (expected 200)']
        harness.events('step.finished').find { it.str('step') == 'gate health' }.str('error') == result.failure().message
    }

    def "under sustain, a single failure restarts the sustain window"() {
        given: 'healthy, healthy, one failure, then healthy for good'
        server.statuses('/health', 200, 200, 503, 200)

        when:
        def result = harness.run(healthGate('gate health(within: 10.minutes, every: 1.minute, sustain: 2.minutes)'))

        then: 'it held from 3m to 5m: the 2 minutes before the failure did not count'
        result.outcome() == Outcome.SUCCEEDED
        clock.elapsed() == Duration.ofMinutes(5)
        server.hitsOf('/health') == 6
        harness.events('gate.poll')*.get('ok') == [true, false, true]
        harness.events('gate.poll')*.num('elapsedMs') == [0L, 120_000L, 180_000L]
        harness.live.findAll { it.type() == 'gate.progress' }.last().num('heldMs') == 120_000
    }

    def "a flapping check never holds for the sustain window and the gate says how long it held"() {
        given: 'a failure every third poll'
        server.replies('/health', (1..30).collect { n ->
            new ScriptedHttpServer.Reply(status: n % 3 == 1 ? 503 : 200, body: '{}') })

        when:
        def result = harness.run(healthGate('gate health(within: 5.minutes, every: 1.minute, sustain: 3.minutes)'))

        then:
        result.outcome() == Outcome.FAILED
        result.failure().message == 'held for 1m of the 3m needed after 5m, 6 polls'
        clock.elapsed() == Duration.ofMinutes(5)
    }

    def "a named gate polls its own condition with its own window"() {
        given: 'the queue drains over three polls'
        server.replies('/queue', [8, 3, 0].collect { n -> new ScriptedHttpServer.Reply(body: """{"depth":$n}""") })

        when:
        def result = harness.run("""
            runbook('named-gate') {
                param 'url'
                gate('queue drained', within: 1.minute, every: 10.seconds) {
                    http.get(params.url).json.depth == 0
                }
            }
        """.replace('params.url', "'${server.url('/queue')}'"))

        then:
        result.outcome() == Outcome.SUCCEEDED
        clock.elapsed() == Duration.ofSeconds(20)
        harness.events('gate.poll')*.str('observation') == ['condition is false', 'condition is true']
        harness.events('step.finished')*.str('step') == ['queue drained']
    }

    def "a named gate that throws counts the error as a failed poll and shows it"() {
        given:
        harness.params = [:]

        when:
        def result = harness.run("""
            runbook('throwing-gate') {
                gate('metrics readable', within: 20.seconds, every: 10.seconds) {
                    fail 'metrics endpoint returned garbage'
                }
            }
        """)

        then:
        result.outcome() == Outcome.FAILED
        result.failure().message == 'metrics endpoint returned garbage after 20s, 3 polls'
    }
}
