package dev.runbook.cli

import com.sun.net.httpserver.HttpServer
import dev.runbook.integrations.testing.PgServer
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

/**
 * "Secrets never reach the console, journal, reports, notifications or a process's argv in clear", checked the way
 * an attacker would look: one real run that uses a declared secret and an undeclared credential every way a runbook
 * can (in commands, their output and its base64, println, System.err, log, a failure message, a Slack notification,
 * reports written by the run), then every place it could have landed is searched for the canaries — the CLI's
 * stdout and stderr, every file of the run's folder, {@code show}, {@code report} (markdown and HTML), the bodies
 * the webhook received, every process's {@code /proc/PID/cmdline} while the command runs, and, with the journal on
 * a real PostgreSQL, every row of every table of its schema.
 */
class SecretCanarySpec extends Specification {
    static final String API_KEY = 'canary-Api-Key-2b7e91'
    static final String TOKEN = 'canary-gh-token-5d02aa'

    @TempDir
    Path dir

    HttpServer hook
    List<String> bodies = new CopyOnWriteArrayList<>()

    def setup() {
        hook = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        hook.createContext('/hook') { exchange ->
            bodies << new String(exchange.requestBody.readAllBytes(), StandardCharsets.UTF_8)
            exchange.sendResponseHeaders(200, -1)
            exchange.close()
        }
        hook.start()
    }

    def cleanup() {
        hook?.stop(0)
    }

    /** Every form of either canary an attacker would recognise. */
    static List<String> leaks(String text) {
        [API_KEY, TOKEN].collectMany { v ->
            [v, v.toUpperCase(), v.toLowerCase(), v.bytes.encodeBase64().toString(), v.bytes.encodeBase64().toString().replace('=', ''),
             URLEncoder.encode(v, 'UTF-8')]
        }.unique().findAll { text.contains(it) }
    }

    private Path runbookFile() {
        def file = dir.resolve('canary.groovy')
        Files.writeString(file, """\
            runbook('canary') {
                secret 'API_KEY'
                step('Use the key') {
                    sh "echo using \${secrets.API_KEY} >/dev/null; touch ${dir.resolve('waiting')}; while [ ! -f ${dir.resolve('release')} ]; do sleep 0.05; done"
                    sh "echo key=\${secrets.API_KEY}; echo token=\\\$GITHUB_TOKEN; printf '%s' \${secrets.API_KEY} | base64"
                    println "printed \${secrets.API_KEY}"
                    System.err.println("stderr \${secrets.API_KEY}")
                    log "logged \${secrets.API_KEY} and \${env.GITHUB_TOKEN}"
                }
                step('Refused') { fail "the key \${secrets.API_KEY} was refused" }
                onFailure { failure ->
                    notify slack: '#incidents', text: "failed: \${failure.message} (key \${secrets.API_KEY})", url: '${hookUrl()}'
                }
                always {
                    report 'incident.md'
                    report 'incident.html'
                }
            }
            """.stripIndent(true))
        file
    }

    private String hookUrl() {
        "http://127.0.0.1:${hook.address.port}/hook"
    }

    /** Runs the canary runbook as a process of its own; while its first command waits, reads every process's argv. */
    private Map runIt(List<String> journalArgs, Map<String, String> env) {
        def work = Files.createDirectories(dir.resolve('cli'))
        def process = CliProcess.start(work, ['exec', runbookFile().toString(), '--yes'] + journalArgs,
                env + [API_KEY: API_KEY, GITHUB_TOKEN: TOKEN, RUNBOOK_CACHE: 'off'])
        assert CliProcess.poll(120) { Files.exists(dir.resolve('waiting')) }
        def argvs = ProcessHandle.allProcesses().toList().collect { p ->
            def f = Path.of('/proc', p.pid().toString(), 'cmdline')
            try { new String(Files.readAllBytes(f), StandardCharsets.UTF_8).replace('\u0000' as char, ' ' as char) } catch (IOException ignored) { '' }
        }
        def usingKey = argvs.findAll { it.contains('echo using') }
        Files.writeString(dir.resolve('release'), '')
        assert process.process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)
        assert CliProcess.poll(30) { !bodies.isEmpty() }
        [exit: process.process.exitValue(), out: process.out, err: process.err, argvs: argvs.join('\n'), usingKey: usingKey]
    }

    def "a run that uses a secret every way leaves it nowhere: console, run folder, show, reports, webhook, argv"() {
        when:
        def run = runIt(['--journal', dir.resolve('runs').toString()], [:])
        def id = dir.resolve('runs').toFile().list().find { !it.startsWith('.') }
        def runFolder = dir.resolve('runs').resolve(id)
        def files = Files.walk(runFolder).withCloseable { it.filter(Files.&isRegularFile).toList() }
        def show = CliRun.of(['show', id, '--journal', dir.resolve('runs').toString()] as String[], env: [RUNBOOK_CACHE: 'off'])
        def md = CliRun.of(['report', id, '--journal', dir.resolve('runs').toString()] as String[], env: [RUNBOOK_CACHE: 'off'])
        def html = CliRun.of(['report', id, '--format', 'html', '--journal', dir.resolve('runs').toString()] as String[],
                env: [RUNBOOK_CACHE: 'off', API_KEY: API_KEY, GITHUB_TOKEN: TOKEN])

        then: 'the run did use it: it failed where it should, its output and the webhook carry the masked text'
        run.exit == 1
        run.out.contains('key=****')
        run.out.contains('token=****')
        run.out.contains('printed ****')
        run.out.contains('stderr ****')
        bodies.any { it.contains('the key **** was refused') }
        !run.usingKey.isEmpty() // the command was seen in the process table while it ran

        and: 'nowhere in clear, in any form'
        leaks(run.out + run.err) == []
        leaks(run.argvs) == []
        files.collectEntries { [(runFolder.relativize(it).toString()): leaks(new String(Files.readAllBytes(it), StandardCharsets.UTF_8))] }
                .findAll { k, v -> v } == [:]
        files*.fileName*.toString().containsAll(['journal.jsonl', 'incident.md', 'incident.html'])
        show.exitCode == 1 || show.exitCode == 0
        leaks(show.out + show.err) == []
        show.out.contains('****')
        leaks(md.out + md.err) == []
        leaks(html.out + html.err) == []
        leaks(bodies.join('\n')) == []
    }

    @Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
    def "with the journal in PostgreSQL, no row of any table of its schema holds the secret"() {
        given:
        def server = PgServer.get()
        def url = server.jdbcUrl(server.freshDatabase('canary'))

        when:
        def run = runIt(['--journal', url], [PGPASSWORD: PgServer.PASSWORD, RUNBOOK_RUNS_DIR: dir.resolve('local-runs').toString()])
        def tables = rows(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'runbook'")
        def everything = tables.collect { rows(url, "SELECT t::text FROM runbook.\"${it}\" t").join('\n') }.join('\n')

        then:
        run.exit == 1
        tables.contains('events')
        everything.contains('key=****')
        leaks(everything) == []
        leaks(run.out + run.err + run.argvs) == []
    }

    private static List<String> rows(String url, String sql) {
        def props = new Properties()
        props.user = PgServer.USER
        props.password = PgServer.PASSWORD
        java.sql.DriverManager.getConnection(url, props).withCloseable { c ->
            c.createStatement().withCloseable { s ->
                def rs = s.executeQuery(sql)
                def out = []
                while (rs.next()) out << rs.getString(1)
                out
            }
        }
    }
}
