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
}
