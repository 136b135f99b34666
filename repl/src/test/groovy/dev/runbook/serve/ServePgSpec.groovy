package dev.runbook.serve

import dev.runbook.integrations.testing.PgServer
import spock.lang.AutoCleanup
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Path

/**
 * The team page on the team's shared PostgreSQL journal: the run's page follows a run another process journals
 * there, and a one-time link's decision reaches the run as a row the server's database role inserted, which is
 * what the team file's {@code serve dbRole:} names.
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class ServePgSpec extends Specification {
    @Shared PgServer server
    @TempDir Path tmp
    @AutoCleanup ServeFixture page
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()

    def setupSpec() {
        server = PgServer.get()
    }

    def "a run journaled in PostgreSQL: listed, followed live, approved through a one-time link as the server's database role"() {
        given:
        String url = server.jdbcUrl(server.freshDatabase('serve'))
        page = new ServeFixture(tmp, [journal: url, env: [PGPASSWORD: PgServer.PASSWORD], serveDbRole: PgServer.USER])
        def run = page.startWaitingRun()

        when: 'the runs page, then a link posted from the run page'
        String list = http.send(HttpRequest.newBuilder(URI.create(page.base + '/')).build(), HttpResponse.BodyHandlers.ofString()).body()
        def stream = http.send(HttpRequest.newBuilder(URI.create(page.base + "/runs/${run.id}/events")).build(), HttpResponse.BodyHandlers.ofLines())
        String link = page.linkFor(run.id, 'alice')
        def post = http.send(HttpRequest.newBuilder(URI.create(page.base + "/runs/${run.id}/approve"))
                .header('Content-Type', 'application/x-www-form-urlencoded').header('Sec-Fetch-Site', 'same-origin')
                .POST(HttpRequest.BodyPublishers.ofString('t=' + link.substring(link.indexOf('t=') + 2))).build(),
                HttpResponse.BodyHandlers.ofString())

        then:
        list.contains('waiting for approval')
        post.statusCode() == 303
        ServeFixture.exitCode(run.exec) == 0

        and: 'the run journaled a verified approval, and the open stream brought the page to the end of the run'
        def granted = page.journal(run.id).find { it.type() == 'approval.granted' }
        granted.data().subMap('by', 'verified', 'verification', 'sentBy') ==
                [by: 'alice', verified: true, verification: 'one-time-link', sentBy: "database role ${PgServer.USER}".toString()]
        stream.body().filter { it.startsWith('data: ') && it.contains('\\"state s-succeeded\\"') }.findFirst().isPresent()
    }

    /**
     * Issue 24: the page is pushed by NOTIFY (schema migration 4), not the old 250 ms poll. The safety poll is made an
     * hour long, so within the spec's ceilings only a notification can bring an event; the LISTEN session is then
     * ended by the server, and the watcher listens again and the next event still arrives.
     */
    def "events reach the open page by NOTIFY, and after the server ends the LISTEN session the watcher listens again"() {
        given: 'a run waiting for approval, the page watching it with no poll to speak of'
        String db = server.freshDatabase('servenotify')
        page = new ServeFixture(tmp, [journal: server.jdbcUrl(db), env: [PGPASSWORD: PgServer.PASSWORD], serveDbRole: PgServer.USER,
                                      holdAfterApproval: true, safetyPollMs: 3_600_000L])
        def run = page.startWaitingRun()
        def messages = sseMessages(run.id)
        assert awaitMessage(messages, '"state":"waiting for approval"')
        String firstListener = awaitListener(db, null)

        when: 'a lead approves: the run journals the approval and goes on to the next step'
        String link = page.linkFor(run.id, 'alice')
        def post = http.send(HttpRequest.newBuilder(URI.create(page.base + "/runs/${run.id}/approve"))
                .header('Content-Type', 'application/x-www-form-urlencoded').header('Sec-Fetch-Site', 'same-origin')
                .POST(HttpRequest.BodyPublishers.ofString('t=' + link.substring(link.indexOf('t=') + 2))).build(),
                HttpResponse.BodyHandlers.ofString())

        then: 'the page shows it without a poll'
        post.statusCode() == 303
        awaitMessage(messages, '"state":"running"')

        when: 'the server ends the LISTEN session; once the watcher listens again the run finishes'
        server.psql(db, "SELECT pg_terminate_backend($firstListener)")
        String secondListener = awaitListener(db, firstListener)
        page.release()

        then: 'the end of the run reaches the page by the NOTIFY of the new session'
        secondListener != firstListener
        awaitMessage(messages, '"state":"succeeded"')
        ServeFixture.exitCode(run.exec) == 0
    }

    /** The page's event stream of {@code runId}, its {@code data:} lines as they come. */
    private java.util.concurrent.LinkedBlockingQueue<String> sseMessages(String runId) {
        def queue = new java.util.concurrent.LinkedBlockingQueue<String>()
        def stream = http.send(HttpRequest.newBuilder(URI.create(page.base + "/runs/${runId}/events")).build(), HttpResponse.BodyHandlers.ofLines())
        Thread.startDaemon {
            try {
                stream.body().filter { it.startsWith('data: ') }.forEach { queue.add(System.currentTimeMillis() + ' ' + it) }
            } catch (UncheckedIOException ignored) {
                // the server closed at the end of the spec
            }
        }
        queue
    }

    /** Whether a message containing {@code text} comes within 30 s (the safety poll is an hour). */
    private static boolean awaitMessage(java.util.concurrent.LinkedBlockingQueue<String> queue, String text) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30)
        while (System.nanoTime() < deadline) {
            String m = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS)
            if (m?.contains(text)) {
                // from the last event's journal time to the page's stream receiving it (the same machine's clock)
                long received = m.substring(0, m.indexOf(' ')) as long
                long last = (m =~ /"last":(\d+)/)[0][1] as long
                println "ServePgSpec: '${text}' reached the stream ${received - last} ms after its event"
                return true
            }
        }
        false
    }

    /** The pid of the session that LISTENs runbook_events (other than {@code not}), waited for up to 30 s. */
    private String awaitListener(String db, String not) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30)
        while (System.nanoTime() < deadline) {
            String pid = server.psql(db, "SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN runbook_events'"
                    + (not ? " AND pid <> $not" : '') + ' LIMIT 1').trim()
            if (pid) return pid
            Thread.sleep(50)
        }
        throw new AssertionError('no session LISTENs runbook_events within 30 s')
    }
}
