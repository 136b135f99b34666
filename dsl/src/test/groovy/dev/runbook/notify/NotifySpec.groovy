package dev.runbook.notify

import dev.runbook.console.ConsoleRenderer
import dev.runbook.console.Style
import dev.runbook.engine.Outcome
import dev.runbook.model.Team
import dev.runbook.testing.RunHarness
import dev.runbook.testing.ScriptedHttpServer
import dev.runbook.testing.VirtualClock
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * {@code notify slack:, pagerduty:, webhook:} delivered to a real local server standing in for Slack's incoming
 * webhooks and PagerDuty's Events API v2; assertions are on the bytes the server received.
 */
class NotifySpec extends Specification {
    static final String TOKEN = 's3cr3t-t0ken-9f8e7d'
    static final String ROUTING_KEY = 'R0UTINGKEY0123456789abcdef012345'

    @TempDir Path tmp
    @AutoCleanup ScriptedHttpServer server = new ScriptedHttpServer()
    VirtualClock clock = new VirtualClock()
    RunHarness harness

    def setup() {
        harness = new RunHarness(tmp)
        harness.clock = clock
        server.reply('/slack', [status: 200, body: 'ok', contentType: 'text/plain'])
        server.reply('/pd', [status: 202, body: '{"status":"success","message":"Event processed"}'])
        server.reply('/hook', [status: 204])
        harness.env = [SLACK_WEBHOOK: server.url('/slack'), PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
                       RUNBOOK_PAGERDUTY_URL: server.url('/pd'), API_TOKEN: TOKEN]
    }

    private def run(String steps) {
        harness.run("""
            runbook('notify-demo') {
                secret 'SLACK_WEBHOOK'
                secret 'API_TOKEN'
                $steps
            }
        """)
    }

    def "notify slack: posts Slack incoming-webhook JSON to the webhook from the secret"() {
        when:
        def result = run("""step('Tell') { notify slack: '#incidents', text: 'Rolled back to v1.2.3' }""")

        then:
        result.outcome() == Outcome.SUCCEEDED
        def got = server.receivedAt('/slack')
        got.size() == 1
        got[0].method == 'POST'
        got[0].header('Content-Type') == 'application/json'
        got[0].json == [channel: '#incidents', text: 'Rolled back to v1.2.3']

        and:
        def call = harness.event('integration.call')
        call.str('integration') == 'notify'
        call.str('target') == 'slack #incidents'
        call.str('outcome') == 'ok'
        call.get('attempts') == 1
    }

    def "the team file names the secret that holds the Slack webhook, and the default channel"() {
        given:
        harness.team = new Team('team.groovy', [], [:], new Team.NotifySettings('OPS_SLACK_URL', '#ops', null, null))
        harness.env = [OPS_SLACK_URL: server.url('/slack'), API_TOKEN: TOKEN, SLACK_WEBHOOK: 'http://127.0.0.1:1/not-this-one']

        when:
        def result = run("""step('Tell') { notify slack: null, text: 'on it' }""")

        then:
        result.outcome() == Outcome.SUCCEEDED
        server.receivedAt('/slack')*.json == [[channel: '#ops', text: 'on it']]
    }

    def "notify pagerduty: triggers and resolves an Events API v2 incident with one dedup key per run"() {
        given:
        def steps = """
            step('Page') { notify pagerduty: [summary: 'API down after v1.2.4', severity: 'critical', details: [version: 'v1.2.4']] }
            step('Resolve') { notify pagerduty: [action: 'resolve'] }
        """

        when: 'two runs'
        def first = run(steps).runId()
        def second = run(steps).runId()

        then:
        def events = server.receivedAt('/pd')*.json
        events*.event_action == ['trigger', 'resolve', 'trigger', 'resolve']
        events*.routing_key == [ROUTING_KEY] * 4

        and: 'a trigger carries the v2 payload'
        events[0].payload == [summary: 'API down after v1.2.4', source: 'runbook notify-demo', severity: 'critical',
                              component: 'notify-demo', custom_details: [version: 'v1.2.4']]
        !events[1].containsKey('payload')

        and: 'trigger and resolve of one run share a dedup key; another run has its own'
        events[0].dedup_key == "runbook-$first"
        events[1].dedup_key == events[0].dedup_key
        events[2].dedup_key == "runbook-$second"
        events[3].dedup_key == events[2].dedup_key
        first != second
    }

    def "the team file names the secret that holds the PagerDuty routing key, and the events URL"() {
        given:
        String teamKey = 'TEAMKEY0123456789abcdef0123456789'
        harness.team = new Team('team.groovy', [], [:], new Team.NotifySettings(null, null, 'OPS_PD_KEY', server.url('/pd')))
        harness.env = [OPS_PD_KEY: teamKey, API_TOKEN: TOKEN, SLACK_WEBHOOK: server.url('/slack')]

        when:
        def result = run("""step('Page') { notify pagerduty: [summary: 'API down'] }""")

        then: 'PagerDuty gets the key; the journal never shows it'
        result.outcome() == Outcome.SUCCEEDED
        server.receivedAt('/pd')*.json*.routing_key == [teamKey]
        server.receivedAt('/pd')[0].json.payload.severity == 'error'
        !Files.readString(result.runDir().resolve('journal.jsonl')).contains(teamKey)
    }

    def "notify webhook: posts the given JSON to the URL"() {
        when:
        def result = run("""step('Hook') { notify webhook: '${server.url('/hook')}', json: [event: 'rollback', version: 'v1.2.3', ok: true] }""")

        then:
        result.outcome() == Outcome.SUCCEEDED
        server.receivedAt('/hook')*.json == [[event: 'rollback', version: 'v1.2.3', ok: true]]
    }

    def "a failing notification is tried three times, recorded as a warning, and the run still succeeds"() {
        given:
        server.reply('/slack', [status: 500, body: 'slack is having a day', contentType: 'text/plain'])
        def console = new ByteArrayOutputStream()

        when:
        harness.operator = dev.runbook.engine.Operator.NOBODY
        def result = run("""
            step('Tell') { notify slack: '#incidents', text: 'starting' }
            step('Work') { log 'working' }
        """)
        def replay = new ConsoleRenderer(new PrintStream(console, true, 'UTF-8'), new Style(false))
        harness.journal.each { replay.onEvent(it) }

        then:
        result.outcome() == Outcome.SUCCEEDED
        server.hitsOf('/slack') == 3
        clock.elapsed() == Duration.ofSeconds(3) // backs off 1 s, then 2 s
        def call = harness.event('integration.call')
        call.str('outcome') == 'failed'
        call.get('attempts') == 3
        call.str('error') == 'HTTP 500: slack is having a day'
        harness.events('step.finished')*.str('status') == ['ok', 'ok']
        console.toString('UTF-8').contains('notify slack slack #incidents (3.0s) failed: HTTP 500: slack is having a day')
    }

    def "a notification that succeeds on a retry is recorded once, as sent"() {
        given:
        server.replies('/slack', [new ScriptedHttpServer.Reply(status: 503), new ScriptedHttpServer.Reply(status: 200, body: 'ok')])

        when:
        def result = run("""step('Tell') { notify slack: '#incidents', text: 'starting' }""")

        then:
        result.outcome() == Outcome.SUCCEEDED
        server.hitsOf('/slack') == 2
        harness.event('integration.call').get('attempts') == 2
        harness.event('integration.call').str('outcome') == 'ok'
    }

    def "required: true makes a failed notification fail the step"() {
        given:
        server.reply('/slack', [status: 500, body: 'down', contentType: 'text/plain'])

        when:
        def result = run("""step('Tell') { notify slack: '#incidents', text: 'starting', required: true }""")

        then:
        result.outcome() == Outcome.FAILED
        server.hitsOf('/slack') == 3
        result.failure().step == 'Tell'
        result.failure().message == 'notify slack #incidents failed after 3 attempts: HTTP 500: down'
    }

    def "with no webhook configured the notification is a recorded warning, or a failure when required"() {
        given:
        harness.env = [API_TOKEN: TOKEN, SLACK_WEBHOOK: server.url('/slack')]
        def noSlack = [API_TOKEN: TOKEN]

        when:
        harness.env = noSlack
        def optional = harness.run("""runbook('n') { step('Tell') { notify slack: '#x', text: 'hi' } }""")
        def optionalCall = harness.event('integration.call')
        def required = harness.run("""runbook('n') { step('Tell') { notify slack: '#x', text: 'hi', required: true } }""")

        then:
        optional.outcome() == Outcome.SUCCEEDED
        optionalCall.str('outcome') == 'failed'
        optionalCall.str('error').startsWith('no Slack webhook: set SLACK_WEBHOOK')
        required.outcome() == Outcome.FAILED
        required.failure().message.startsWith('notify slack #x: no Slack webhook: set SLACK_WEBHOOK')
        server.received.isEmpty()
    }

    def "secrets never appear in a notification body"() {
        when:
        def result = run("""
            step('Tell') {
                notify slack: '#incidents', text: "token used: \${secrets.API_TOKEN}"
                notify webhook: '${server.url('/hook')}', json: [token: secrets.API_TOKEN, nested: [list: ["x\${secrets.API_TOKEN}y"]]]
                notify pagerduty: [summary: "auth with \${secrets.API_TOKEN} failed", details: [token: secrets.API_TOKEN]]
            }
        """)

        then:
        result.outcome() == Outcome.SUCCEEDED
        server.received.size() == 3
        server.received.every { !it.body.contains(TOKEN) }
        server.receivedAt('/slack')[0].json.text == 'token used: ****'
        server.receivedAt('/hook')[0].json == [token: '****', nested: [list: ['x****y']]]
        server.receivedAt('/pd')[0].json.payload.summary == 'auth with **** failed'

        and: 'nor in the journal'
        !Files.readString(result.runDir().resolve('journal.jsonl')).contains(TOKEN)
    }

    def "notify outside a step is reported at compile time as belonging inside a step"() {
        when:
        new dev.runbook.compile.RunbookCompiler().compile("""runbook('n') {
    notify slack: '#x', text: 'hi'
    step('s') { log 'x' }
}""", 'n.groovy')

        then:
        def e = thrown(dev.runbook.diag.RunbookProblemsException)
        e.problems()*.message() == ["'notify' acts on the world and belongs inside a step"]
        e.problems()[0].pos().line() == 2
    }

    def "an unknown notify option is refused with a suggestion"() {
        when:
        def result = run("""step('Tell') { notify slak: '#incidents', text: 'hi' }""")

        then:
        result.outcome() == Outcome.FAILED
        result.failure().message.startsWith("unknown option 'slak:' for notify — did you mean 'slack'?")
    }
}
