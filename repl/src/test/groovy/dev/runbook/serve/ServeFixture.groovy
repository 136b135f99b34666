package dev.runbook.serve

import com.sun.net.httpserver.HttpServer
import dev.runbook.cli.CliProcess
import dev.runbook.cli.CliSession
import dev.runbook.journal.Event
import dev.runbook.journal.FileRunStore
import dev.runbook.journal.JournalReader
import dev.runbook.model.Team
import dev.runbook.term.Compilers

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.time.Clock
import java.time.Duration
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * A team page as a team has it: a team file (alice a lead, bob a manager, both with email:; the server named by
 * {@code serve login:} unless told otherwise), a runbook that waits for a lead's approval between two steps, runs
 * started with {@code runbook exec} in this JVM, a Slack webhook that keeps what it is sent, and the server.
 */
class ServeFixture implements Closeable {
    final Path dir
    final Path runs
    final Path runbook
    final FileRunStore store
    final Team team
    final WebServer server
    final HttpServer slack
    final LinkedBlockingQueue<String> slackMessages = new LinkedBlockingQueue<>()
    final String base

    ServeFixture(Path dir, Map options = [:]) {
        this.dir = dir
        runs = dir.resolve('runs')
        Files.createDirectories(runs)
        runbook = dir.resolve('deploy.groovy')
        Files.writeString(runbook, """
            runbook('web-deploy') {
                param 'who', required: true
                step('Before') { sh 'echo checked before' }
                requireApproval P1
                step('After') { sh 'echo rolled out' }
            }
        """)
        String serveLine = options.serveLogin == false ? '' : "serve login: '${System.getProperty('user.name')}'"
        Files.writeString(dir.resolve('runbook.team.groovy'), """
            team {
                member 'alice', role: 'lead', email: 'alice@example.com'
                member 'bob', role: 'manager', email: 'bob@example.com'
                member 'carol', role: 'lead'
                $serveLine
            }
        """)
        team = Compilers.of(new CliSession().io).compileTeam(dir.resolve('runbook.team.groovy'))
        slack = HttpServer.create(new InetSocketAddress(InetAddress.loopbackAddress, 0), 0)
        slack.createContext('/hook') { ex ->
            slackMessages.add(new String(ex.requestBody.readAllBytes(), StandardCharsets.UTF_8))
            ex.sendResponseHeaders(200, -1)
            ex.close()
        }
        slack.start()
        int port = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
        base = "http://127.0.0.1:$port"
        store = new FileRunStore(runs)
        def settings = new WebServer.Settings(new InetSocketAddress(InetAddress.loopbackAddress, port), dir.resolve('serve-state'),
                (options.trustedProxies ?: []) as Set<InetAddress>, 'X-Forwarded-Email', base,
                "http://127.0.0.1:${slack.address.port}/hook".toString(), Duration.ofMinutes(30))
        server = WebServer.start(store, team, settings, Clock.systemUTC(), { } as java.util.function.Consumer<String>)
    }

    private final List<CliProcess> processes = []

    /**
     * Starts {@code runbook exec} of the runbook as its own process (as an operator's terminal would: the page tells
     * a live run from a crashed one by its process) and waits until the run asks for approval; the process and run id.
     */
    Map startWaitingRun(String who = 'dana') {
        Path work = Files.createTempDirectory(dir, 'exec')
        def exec = CliProcess.start(work, ['exec', runbook.toString(), '--journal', runs.toString(), '--yes', '-p', "who=$who".toString()])
        processes << exec
        Path runDir = awaitNewApprovalRequest(exec)
        [exec: exec, id: runDir.fileName.toString(), dir: runDir]
    }

    /** The exit code of {@code runbook exec} (waits for it, up to a minute). */
    static int exitCode(CliProcess exec) {
        assert exec.process.waitFor(60, TimeUnit.SECONDS): 'runbook exec did not end within 60 s'
        exec.process.exitValue()
    }

    private final Set<Path> seen = [] as Set

    private Path awaitNewApprovalRequest(CliProcess exec) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        while (true) {
            Path found = Files.list(runs).withCloseable { s ->
                s.filter { d -> !seen.contains(d) && events(d).any { it.type() == 'approval.requested' } }.findFirst().orElse(null)
            }
            if (found != null) {
                seen << found
                return found
            }
            assert exec.process.alive: "runbook exec ended ${exec.process.exitValue()}: ${exec.dir.resolve('err.txt').text}"
            assert System.nanoTime() < deadline: 'no run asked for approval within 60 s'
            Thread.sleep(20)
        }
    }

    static List<Event> events(Path runDir) {
        Files.exists(runDir.resolve('journal.jsonl')) ? JournalReader.read(runDir) : []
    }

    /** The first event of {@code type} in the run's journal, waited for (up to a minute). */
    static Event awaitEvent(ServeFixture page, String runId, String type) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        while (true) {
            Event e = page.journal(runId).find { it.type() == type }
            if (e != null) return e
            assert System.nanoTime() < deadline: "no $type in run $runId within 60 s"
            Thread.sleep(20)
        }
    }

    List<Event> journal(String runId) {
        events(runs.resolve(runId))
    }

    /** The one-time link the Slack notice of {@code runId}'s request offers {@code member}. */
    String linkFor(String runId, String member) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        while (System.nanoTime() < deadline) {
            String m = slackMessages.poll(1, TimeUnit.SECONDS)
            if (m == null) continue
            String text = new com.fasterxml.jackson.databind.ObjectMapper().readValue(m, Map).text
            if (!text.contains(runId)) continue
            def link = text.readLines().find { it.startsWith("Decide as $member ") }
            assert link: "the notice names no link for $member: $text"
            return link.substring(link.indexOf('http'))
        }
        throw new AssertionError("no Slack notice for run $runId within 60 s")
    }

    @Override
    void close() {
        processes.each { it.process.toHandle().descendants().forEach { p -> p.destroyForcibly() }; it.process.destroyForcibly() }
        server.close()
        slack.stop(0)
        store.close()
    }
}
