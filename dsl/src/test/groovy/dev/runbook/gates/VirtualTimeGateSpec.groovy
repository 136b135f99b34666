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

/** Long windows on a virtual clock: what takes a quarter of an hour at 3 a.m. takes moments in a spec. */
class VirtualTimeGateSpec extends Specification {
    @TempDir Path tmp
    @AutoCleanup ScriptedHttpServer server = new ScriptedHttpServer()
    VirtualClock clock = new VirtualClock()
    RunHarness harness

    static final String ERROR_RATE_GATE = """
        runbook('error-rate') {
            param 'metrics'
            gate('error rate under 1%', within: 15.minutes, sustain: 5.minutes) {
                http.get(params.metrics).json.errorRate < 1.percent
            }
        }
    """

    def setup() {
        harness = new RunHarness(tmp)
        harness.clock = clock
        harness.params = [metrics: server.url('/metrics')]
    }

    private void errorRates(List<Double> rates) {
        server.replies('/metrics', rates.collect { r -> new ScriptedHttpServer.Reply(body: """{"errorRate":$r}""") })
    }

    def "a 15-minute gate with a 5-minute sustain passes in virtual time once the error rate holds low"() {
        given: 'six bad polls (30 s), then healthy for good'
        errorRates([0.05] * 6 + [0.001])

        when:
        long t0 = System.nanoTime()
        def result = harness.run(ERROR_RATE_GATE)
        Duration real = Duration.ofNanos(System.nanoTime() - t0)

        then: 'it held from 0:30 to 5:30 of virtual time, polled every 5 s (the default)'
        result.outcome() == Outcome.SUCCEEDED
        clock.elapsed() == Duration.ofSeconds(330)
        server.hitsOf('/metrics') == 6 + 61
        harness.events('gate.poll')*.num('elapsedMs') == [0L, 30_000L]

        and: 'the run took real seconds, not five and a half minutes (its own duration is virtual)'
        real < Duration.ofMinutes(1)
        result.duration() == Duration.ofSeconds(330)
    }

    def "a 15-minute gate whose sustain keeps breaking fails at 15 minutes of virtual time"() {
        given: 'low for 4 minutes, one spike, over and over'
        errorRates(((1..20).collect { [0.001] * 48 + [0.2] }).flatten() as List<Double>)

        when:
        long t0 = System.nanoTime()
        def result = harness.run(ERROR_RATE_GATE)
        Duration real = Duration.ofNanos(System.nanoTime() - t0)

        then:
        result.outcome() == Outcome.FAILED
        clock.elapsed() == Duration.ofMinutes(15)
        server.hitsOf('/metrics') == 181
        result.failure().message == 'held for 2m 45s of the 5m needed after 15m, 181 polls'
        real < Duration.ofMinutes(1)
    }
}
