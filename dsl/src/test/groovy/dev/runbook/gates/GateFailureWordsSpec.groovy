package dev.runbook.gates

import dev.runbook.compile.RunbookCompiler
import dev.runbook.console.PlanRenderer
import dev.runbook.console.Style
import dev.runbook.engine.Outcome
import dev.runbook.testing.RunHarness
import dev.runbook.testing.ScriptedHttpServer
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Path

/**
 * Issue 19, defect 6, on a real local HTTP endpoint and real time: a gate that fails says what it last really saw
 * (the text notifications carry), not what the window's leftover poll could not see; gates take when: and
 * continueOnFailure: like steps.
 */
class GateFailureWordsSpec extends Specification {
    @TempDir Path tmp
    @AutoCleanup ScriptedHttpServer server = new ScriptedHttpServer()
    RunHarness harness

    def setup() {
        harness = new RunHarness(tmp)
        harness.params = [url: server.url('/health')]
    }

    def "a failed gate reports the endpoint's last answer, and onFailure (what goes to Slack) gets those words"() {
        given: 'every answer takes 150 ms, so the poll the window leaves a few ms for can never see one'
        server.replies('/health', [new ScriptedHttpServer.Reply(status: 503, body: '{"status":"down"}', delayMs: 150)])

        when:
        def result = harness.run('''
            runbook('gate-words') {
                param 'url'
                health { http params.url, expect: 200 }
                gate health(within: 6.seconds, every: 1.second)
                onFailure { failure -> log "slack: ${failure.message}" }
            }
        ''')

        then:
        result.outcome() == Outcome.FAILED
        result.failure().message ==~ /GET \/health → 503 \(expected 200\) after 6\.0s, \d+ polls?/
        !harness.events('gate.poll')*.str('observation').any { it.startsWith('no answer') }
        harness.events('step.log')*.str('text') == ["slack: ${result.failure().message}".toString()]
    }

    def "a gate with when: false is skipped; one with continueOnFailure: true is recorded and the run goes on"() {
        given:
        server.statuses('/health', 503)

        when:
        def result = harness.run('''
            runbook('gate-options') {
                param 'url'
                health { http params.url, expect: 200 }
                step('Restart') { sh 'true' }
                gate health(within: 1.second, every: 200.millis, when: { steps['Restart'].status != 'ok' })
                gate('error rate', within: 1.second, every: 200.millis, continueOnFailure: true) { http params.url, expect: 200 }
                step('After') { sh 'true' }
            }
        ''')

        then:
        result.outcome() == Outcome.SUCCEEDED
        result.steps()['gate health'].status == 'skipped'
        result.steps()['error rate'].status == 'failed continued'
        result.steps()['error rate'].error ==~ /GET \/health → 503 \(expected 200\) after 1\.0s, \d+ polls?/
        result.steps()['After'].status == 'ok'
        harness.events('step.skipped')*.str('step') == ['gate health']
    }

    def "the plan shows a gate's when: and continueOnFailure:, and a wrong value is refused"() {
        given:
        def rb = new RunbookCompiler().compile('''
            runbook('plan') {
                health { http 'http://127.0.0.1:1/health', expect: 200 }
                gate health(within: 1.minute, when: { params.isEmpty() })
                gate('queue drains', continueOnFailure: true) { true }
            }
        ''', 'x.groovy')
        def bytes = new ByteArrayOutputStream()

        when:
        new PlanRenderer(new PrintStream(bytes, true, 'UTF-8'), new Style(false)).render(rb)
        def plan = bytes.toString(StandardCharsets.UTF_8)

        then:
        plan.contains('only when its condition holds')
        plan.contains('continues on failure')

        when:
        new RunbookCompiler().compile('''
            runbook('bad') {
                gate('queue drains', continueOnFailure: 'yes') { true }
            }
        ''', 'bad.groovy')

        then:
        def e = thrown(dev.runbook.diag.RunbookProblemsException)
        e.problems()[0].message().contains("continueOnFailure: of gate 'queue drains' must be true or false")
    }
}
