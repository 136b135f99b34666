package dev.runbook.serve

import com.sun.net.httpserver.HttpServer
import dev.runbook.cli.CliProcess
import dev.runbook.cli.CliSession
import dev.runbook.journal.Event
import dev.runbook.journal.FileRunStore
import dev.runbook.journal.RunStore
import dev.runbook.journal.RunStores
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
    final RunStore store
    /** What {@code --journal} says: the runs folder, or a PostgreSQL URL. */
    final String journalArg
    final Map<String, String> execEnv
    final Team team
    final WebServer server
    final HttpServer slack
    final LinkedBlockingQueue<String> slackMessages = new LinkedBlockingQueue<>()
    /** With {@code pagerduty: true}: a stand-in for PagerDuty's Events API v2 endpoint, and the events it was sent. */
    HttpServer pagerduty
    final LinkedBlockingQueue<String> pagerdutyEvents = new LinkedBlockingQueue<>()
    static final String PD_ROUTING_KEY = 'R0UT1NGKEY0000000000000000000001'
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
                step('After') { sh 'while [ ! -f ${dir.resolve('release')} ]; do sleep 0.05; done; echo rolled out' }
            }
        """)
        if (!options.holdAfterApproval) release()
        String serveLine = options.serveLogin == false ? '' : options.serveDbRole ? "serve dbRole: '${options.serveDbRole}'"
                : "serve login: '${System.getProperty('user.name')}'"
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
        if (options.pagerduty) {
            pagerduty = HttpServer.create(new InetSocketAddress(InetAddress.loopbackAddress, 0), 0)
            pagerduty.createContext('/v2/enqueue') { ex ->
                pagerdutyEvents.add(new String(ex.requestBody.readAllBytes(), StandardCharsets.UTF_8))
                byte[] ok = '{"status":"success","message":"Event processed","dedup_key":"x"}'.getBytes(StandardCharsets.UTF_8)
                ex.sendResponseHeaders(202, ok.length)
                ex.responseBody.write(ok)
                ex.close()
            }
            pagerduty.start()
        }
        int port = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
        base = "http://127.0.0.1:$port"
        journalArg = options.journal ?: runs.toString()
        execEnv = (options.env ?: [:]) as Map<String, String>
        store = options.journal ? RunStores.open(journalArg, System.getenv() + execEnv, getClass().classLoader) : new FileRunStore(runs)
        def settings = new WebServer.Settings(new InetSocketAddress(InetAddress.loopbackAddress, port), dir.resolve('serve-state'),
                (options.trustedProxies ?: []) as Set<InetAddress>, 'X-Forwarded-Email', base,
                "http://127.0.0.1:${slack.address.port}/hook".toString(), Duration.ofMinutes(30),
                pagerduty ? PD_ROUTING_KEY : null, pagerduty ? "http://127.0.0.1:${pagerduty.address.port}/v2/enqueue".toString() : null)
        server = WebServer.start(store, team, settings, Clock.systemUTC(), { } as java.util.function.Consumer<String>,
                (options.safetyPollMs ?: JournalWatch.SAFETY_POLL_MS) as long)
    }

    private final List<CliProcess> processes = []

    /** Lets the step after the approval finish (with {@code holdAfterApproval: true} it waits for this). */
    void release() {
        Files.writeString(dir.resolve('release'), '')
    }

    /**
     * Starts {@code runbook exec} of the runbook as its own process (as an operator's terminal would: the page tells
     * a live run from a crashed one by its process) and waits until the run asks for approval; the process and run id.
     */
    Map startWaitingRun(String who = 'dana') {
        Path work = Files.createTempDirectory(dir, 'exec')
        def exec = CliProcess.start(work, ['exec', runbook.toString(), '--journal', journalArg, '--yes', '-p', "who=$who".toString()], execEnv)
        processes << exec
        [exec: exec, id: awaitNewApprovalRequest(exec).id]
    }

    /** The exit code of {@code runbook exec} (waits for it, up to a minute). */
    static int exitCode(CliProcess exec) {
        assert exec.process.waitFor(60, TimeUnit.SECONDS): 'runbook exec did not end within 60 s'
        exec.process.exitValue()
    }

    private final Set<String> seen = [] as Set

    private Map awaitNewApprovalRequest(CliProcess exec) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        while (true) {
            String found = store.runIds().find { id -> !seen.contains(id) && journal(id).any { it.type() == 'approval.requested' } }
            if (found != null) {
                seen << found
                return [id: found]
            }
            assert exec.process.alive: "runbook exec ended ${exec.process.exitValue()}: ${exec.dir.resolve('err.txt').text}"
            assert System.nanoTime() < deadline: 'no run asked for approval within 60 s'
            Thread.sleep(20)
        }
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
        store.read(runId).events()
    }

    /** The one-time link the Slack notice of {@code runId}'s request offers {@code member}. */
    String linkFor(String runId, String member) {
        String text = slackNoticeFor(runId)
        def link = text.readLines().find { it.startsWith("Decide as $member ") }
        assert link: "the notice names no link for $member: $text"
        link.substring(link.indexOf('http'))
    }

    /** The PagerDuty event that announced {@code runId}'s approval request, parsed (waits up to a minute). */
    Map pagerdutyEventFor(String runId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        while (System.nanoTime() < deadline) {
            String m = pagerdutyEvents.poll(1, TimeUnit.SECONDS)
            if (m == null) continue
            Map event = new com.fasterxml.jackson.databind.ObjectMapper().readValue(m, Map)
            if (event.payload?.custom_details?.run == runId) return event
        }
        throw new AssertionError("no PagerDuty event for run $runId within 60 s")
    }

    /** The members the Slack notice of {@code runId}'s request offers links to. */
    List<String> slackMembersFor(String runId) {
        slackNoticeFor(runId).readLines().findAll { it.startsWith('Decide as ') }.collect { it.split(' ')[2] }
    }

    /** The text of the next Slack notice that names {@code runId} (waits up to a minute; others are passed over). */
    private String slackNoticeFor(String runId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        while (System.nanoTime() < deadline) {
            String m = slackMessages.poll(1, TimeUnit.SECONDS)
            if (m == null) continue
            String text = new com.fasterxml.jackson.databind.ObjectMapper().readValue(m, Map).text
            if (text.contains(runId)) return text
        }
        throw new AssertionError("no Slack notice for run $runId within 60 s")
    }

    @Override
    void close() {
        processes.each { it.process.toHandle().descendants().forEach { p -> p.destroyForcibly() }; it.process.destroyForcibly() }
        server.close()
        slack.stop(0)
        pagerduty?.stop(0)
        store.close()
    }
}
