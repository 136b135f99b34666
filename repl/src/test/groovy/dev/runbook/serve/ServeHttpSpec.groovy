package dev.runbook.serve

import dev.runbook.cli.ApproveCommand
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Path
import java.time.Duration

/**
 * What the server refuses, over plain HTTP as any client could send it: nobody, another site, a changed, expired,
 * misplaced or replayed link, a single sign-on header from anyone but the proxy. After each refusal the run still
 * waits. And what it accepts, and how the page then names the approver.
 */
class ServeHttpSpec extends Specification {
    @TempDir Path tmp
    @AutoCleanup ServeFixture page
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()

    private HttpResponse<String> post(String path, Map<String, String> form, Map<String, String> headers = ['Sec-Fetch-Site': 'same-origin']) {
        def body = form.collect { k, v -> URLEncoder.encode(k, 'UTF-8') + '=' + URLEncoder.encode(v, 'UTF-8') }.join('&')
        def b = HttpRequest.newBuilder(URI.create(page.base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header('Content-Type', 'application/x-www-form-urlencoded')
        headers.each { k, v -> b.header(k, v) }
        http.send(b.build(), HttpResponse.BodyHandlers.ofString())
    }

    private HttpResponse<String> get(String path, Map<String, String> headers = [:]) {
        def b = HttpRequest.newBuilder(URI.create(page.base + path))
        headers.each { k, v -> b.header(k, v) }
        http.send(b.build(), HttpResponse.BodyHandlers.ofString())
    }

    private static String token(String link) {
        URLDecoder.decode(link.substring(link.indexOf('t=') + 2), 'UTF-8')
    }

    private boolean stillWaiting(String runId) {
        def events = page.journal(runId)
        ApproveCommand.waitingFor(events).isPresent() && !events.any { it.type() in ['approval.granted', 'approval.denied'] }
    }

    private String nonceOf(String runId) {
        page.journal(runId).find { it.type() == 'approval.requested' }.str('nonce')
    }

    def "nobody: a decision with neither a link nor single sign-on is refused (401) and the run keeps waiting"() {
        given:
        page = new ServeFixture(tmp)
        def run = page.startWaitingRun()

        when:
        def approve = post("/runs/${run.id}/approve", [:])
        def deny = post("/runs/${run.id}/deny", [reason: 'x'])

        then:
        approve.statusCode() == 401
        approve.body().contains('not signed in')
        deny.statusCode() == 401
        stillWaiting(run.id)
    }

    def "another site: a post that is not from our page is refused (403), even with a good link, which still works after"() {
        given:
        page = new ServeFixture(tmp)
        def run = page.startWaitingRun()
        String t = token(page.linkFor(run.id, 'alice'))

        expect: 'a form on another site, a browser that says cross-site, a client that says nothing'
        post("/runs/${run.id}/approve", [t: t], [Origin: 'https://evil.example']).statusCode() == 403
        post("/runs/${run.id}/approve", [t: t], ['Sec-Fetch-Site': 'cross-site']).statusCode() == 403
        post("/runs/${run.id}/approve", [t: t], ['Sec-Fetch-Site': 'same-site']).statusCode() == 403
        post("/runs/${run.id}/approve", [t: t], [:]).statusCode() == 403
        stillWaiting(run.id)

        when: 'the same link from our own page'
        def ok = post("/runs/${run.id}/approve", [t: t], [Origin: page.base])

        then:
        ok.statusCode() == 303
        ok.headers().firstValue('Location').get() == "/runs/${run.id}".toString()
        ServeFixture.exitCode(run.exec) == 0
    }

    def "a link changed by one character, expired, made for another run or an earlier request, or used twice is refused (403)"() {
        given:
        page = new ServeFixture(tmp)
        def run = page.startWaitingRun()
        def other = page.startWaitingRun()
        String t = token(page.linkFor(run.id, 'alice'))
        String nonce = nonceOf(run.id)
        String changed = t.substring(0, 20) + (t[20] == 'A' ? 'B' : 'A') + t.substring(21)
        String expired = page.server.linkToken(run.id, 'approval P1', nonce, 'alice', Duration.ofSeconds(-1))
        String forOther = page.server.linkToken(other.id, 'approval P1', nonceOf(other.id), 'alice', Duration.ofMinutes(5))
        String earlier = page.server.linkToken(run.id, 'approval P1', 'a' * 32, 'alice', Duration.ofMinutes(5))

        expect:
        post("/runs/${run.id}/approve", [t: changed]).statusCode() == 403
        post("/runs/${run.id}/approve", [t: expired]).with { statusCode() == 403 && body().contains('expired') }
        post("/runs/${run.id}/approve", [t: forOther]).with { statusCode() == 403 && body().contains("made for run ${other.id}") }
        post("/runs/${run.id}/approve", [t: earlier]).with { statusCode() == 403 && body().contains('earlier request') }
        get("/link?t=${URLEncoder.encode(expired, 'UTF-8')}").statusCode() == 403
        stillWaiting(run.id)

        when: 'the good link, twice'
        def first = post("/runs/${run.id}/approve", [t: t])
        def again = post("/runs/${run.id}/deny", [t: t])

        then:
        first.statusCode() == 303
        again.statusCode() == 403
        ServeFixture.exitCode(run.exec) == 0
        page.journal(run.id).count { it.type() == 'approval.granted' } == 1
        !page.journal(run.id).any { it.type() == 'approval.denied' }
        stillWaiting(other.id)
    }

    def "single sign-on: the proxy's header counts from the proxy's address only, with the page's own token; the page names how"() {
        given: 'the proxy is at 127.0.0.1'
        page = new ServeFixture(tmp, [trustedProxies: [InetAddress.getByName('127.0.0.1')]])
        def run = page.startWaitingRun()
        def alice = ['X-Forwarded-Email': 'alice@example.com']

        when: 'alice opens the run through the proxy'
        def shown = get("/runs/${run.id}", alice)
        String csrf = (shown.body() =~ /name="csrf" value="([0-9a-f]+)"/)[0][1]

        then: 'she is named and offered the buttons'
        shown.body().contains('You are <b>alice</b> (signed in through single sign-on)')

        expect: 'without the token, with bob\'s token, or as an address the team does not list: refused'
        post("/runs/${run.id}/approve", [:], alice + ['Sec-Fetch-Site': 'same-origin']).statusCode() == 403
        post("/runs/${run.id}/approve", [csrf: 'f' * 64], alice + ['Sec-Fetch-Site': 'same-origin']).statusCode() == 403
        post("/runs/${run.id}/approve", [csrf: csrf], ['X-Forwarded-Email': 'mallory@example.com', 'Sec-Fetch-Site': 'same-origin']).statusCode() == 403
        stillWaiting(run.id)

        when:
        def ok = post("/runs/${run.id}/approve", [csrf: csrf], alice + ['Sec-Fetch-Site': 'same-origin'])

        then: 'the run journals a verified approval through single sign-on, via the proxy, and the page says so'
        ok.statusCode() == 303
        ServeFixture.exitCode(run.exec) == 0
        def granted = page.journal(run.id).find { it.type() == 'approval.granted' }
        granted.data().subMap('by', 'verified', 'verification', 'verifiedVia') ==
                [by: 'alice', verified: true, verification: 'sso', verifiedVia: '127.0.0.1']
        get("/runs/${run.id}").body().contains('approved by alice</b> (lead, sso via 127.0.0.1)')
    }

    def "single sign-on: the same header from an address that is not the proxy's is ignored (401)"() {
        given: 'the proxy is at 127.0.0.2; this client connects from 127.0.0.1'
        page = new ServeFixture(tmp, [trustedProxies: [InetAddress.getByName('127.0.0.2')]])
        def run = page.startWaitingRun()

        when:
        def r = post("/runs/${run.id}/approve", [csrf: 'x'], ['X-Forwarded-Email': 'alice@example.com', 'Sec-Fetch-Site': 'same-origin'])

        then:
        r.statusCode() == 401
        !get("/runs/${run.id}", ['X-Forwarded-Email': 'alice@example.com']).body().contains('You are')
        stillWaiting(run.id)
    }

    def "a team file that names no server: the run refuses the page's decision, says why, and keeps waiting"() {
        given:
        page = new ServeFixture(tmp, [serveLogin: false])
        def run = page.startWaitingRun()

        when:
        def r = post("/runs/${run.id}/approve", [t: token(page.linkFor(run.id, 'alice'))])

        then: 'the server passed it on; the run, which trusts only the team file, refused it'
        r.statusCode() == 303
        ServeFixture.awaitEvent(page, run.id, 'approval.refused').str('why').contains('names no server')
        stillWaiting(run.id)
    }

    def "everything a run prints reaches the page escaped: a script tag in a param is text, in the page and in its event stream"() {
        given:
        page = new ServeFixture(tmp)
        def run = page.startWaitingRun('<script>alert(1)</script>')

        when:
        String html = get("/runs/${run.id}").body()
        String list = get('/').body()
        def stream = http.send(HttpRequest.newBuilder(URI.create(page.base + "/runs/${run.id}/events")).build(),
                HttpResponse.BodyHandlers.ofLines())
        String firstData = stream.body().filter { it.startsWith('data: ') }.findFirst().get()

        then:
        html.contains('&lt;script&gt;alert(1)&lt;/script&gt;')
        !html.contains('<script>alert(1)')
        !list.contains('<script>alert(1)')
        firstData.contains('&lt;script&gt;alert(1)&lt;/script&gt;')
        !firstData.contains('<script>alert(1)')

        and: 'the page allows scripts from this server only'
        get("/runs/${run.id}").headers().firstValue('Content-Security-Policy').get().contains("script-src 'self'")
    }

    def "the incident report, and nothing outside the journal"() {
        given:
        page = new ServeFixture(tmp)
        def run = page.startWaitingRun()

        expect:
        get("/runs/${run.id}/report").with { statusCode() == 200 && body().contains('web-deploy') }
        get('/runs/no-such-run').statusCode() == 404
        get('/runs/..%2F..%2Fetc/report').statusCode() == 404
        get('/nothing-here').statusCode() == 404
        get("/runs/${run.id}/approve").statusCode() == 405
    }

    def "PagerDuty: the approval request is an Events API v2 trigger whose links are each eligible member's one-time link, and one decides"() {
        given: 'a team with Slack and a PagerDuty service (a stand-in for the Events API)'
        page = new ServeFixture(tmp, [pagerduty: true])
        def run = page.startWaitingRun()

        when:
        Map event = page.pagerdutyEventFor(run.id)
        List<String> eligible = page.slackMembersFor(run.id)
        Map<String, String> decide = event.links.findAll { it.text.startsWith('Decide as ') }
                .collectEntries { [(it.text.split(' ')[2]): it.href] }

        then: 'a trigger to the team\'s routing key, deduplicated per request, naming the run and its page'
        event.routing_key == ServeFixture.PD_ROUTING_KEY
        event.event_action == 'trigger'
        event.dedup_key.startsWith("runbook-approval-${run.id}-")
        event.payload.summary.contains(run.id)
        event.payload.severity == 'warning'
        event.links.any { it.href == "${page.base}/runs/${run.id}".toString() }

        and: 'a link for each member Slack offers one to (lead alice; not carol, who has no email:), also in the details'
        eligible == ['alice']
        decide.keySet() as List == eligible
        event.payload.custom_details.values().find { it instanceof Map } == decide

        and: 'each opens on the buttons, as that member'
        decide.each { member, link ->
            assert link.startsWith(page.base + '/link?t=')
            def shown = get(link.substring(page.base.length()))
            assert shown.statusCode() == 200
            assert shown.body().contains("You are <b>${member}</b> (one-time link)")
            assert shown.body().contains('id="approve"') && shown.body().contains('id="deny"')
        }

        when: 'alice decides through the PagerDuty link'
        def ok = post("/runs/${run.id}/approve", [t: token(decide.alice)], ['Sec-Fetch-Site': 'same-origin'])

        then:
        ok.statusCode() == 303
        ServeFixture.exitCode(run.exec) == 0
        page.journal(run.id).find { it.type() == 'approval.granted' }.data().subMap('by', 'verification') ==
                [by: 'alice', verification: 'one-time-link']
    }
}
