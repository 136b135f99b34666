package dev.runbook.cli

import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** The incident report: markdown (golden file), the self-contained HTML rendered by headless Chromium, and report in always. */
class ReportCommandSpec extends Specification {
    static final Path GOLDEN = Path.of('src/test/resources/golden/incident-report.md')

    @TempDir
    Path dir

    String runs

    def setup() {
        runs = dir.resolve('runs').toString()
    }

    def "the markdown report fills the incident template from the run (golden file)"() {
        given: 'a run that was approved, confirmed a manual item, skipped a step, wrote an output, failed and ran its handlers'
        def id = failedRun()
        appendReplCommand(id)

        when:
        def run = cli('report', id, '--journal', runs)

        then:
        run.exitCode == 0
        def actual = normalise(run.out)
        if (System.getenv('UPDATE_GOLDEN') == '1') GOLDEN.toFile().text = actual
        actual == GOLDEN.toFile().text
    }

    def "-o writes the report to a file, html when the name says so"() {
        given:
        def id = failedRun()

        when:
        def md = cli('report', id, '-o', dir.resolve('incident.md').toString(), '--journal', runs)
        def html = cli('report', id, '-o', dir.resolve('incident.html').toString(), '--journal', runs)
        def bad = cli('report', id, '--format', 'pdf', '--journal', runs)

        then:
        md.exitCode == 0
        dir.resolve('incident.md').toFile().text.startsWith('# Incident report: Fail over the orders database')
        html.exitCode == 0
        dir.resolve('incident.html').toFile().text.startsWith('<!DOCTYPE html>')
        bad.exitCode == 2
        bad.err.contains('--format pdf is not md or html')
    }

    def "report in always writes the report of the run so far into the run's folder, with the failure and the handlers"() {
        given:
        def id = failedRun()
        def folder = dir.resolve('runs').resolve(id)

        expect:
        def md = folder.resolve('incident.md').toFile().text
        md.contains('| Outcome | **failed** |')
        md.contains("Failed at **Promote replica**: ")
        md.contains('- step onFailure of Promote replica: ok')
        md.contains('[replica-status.txt](replica-status.txt)')
        !md.contains('incident.md](')

        and: 'the html one is there too, and neither report lists itself among the outputs'
        def html = folder.resolve('incident.html').toFile().text
        html.contains('replica-status.txt')
        !html.contains('<summary>incident.html')
    }

    def "the HTML report masks the secrets in the files it embeds, and embeds none when it cannot know them"() {
        given: 'a step writes a file holding the secret (before: the report embedded it as it was, in and after the run)'
        def canary = 'canary-Report-Key-55d1'
        def file = dir.resolve('leaky.groovy')
        file.toFile().text = '''
            runbook('leaky') {
                secret 'API_KEY'
                step('Capture config') {
                    new File(workdir, 'config-dump.txt').text = "api_key=${secrets.API_KEY}\\nbase64=${secrets.API_KEY.bytes.encodeBase64()}\\n"
                    log 'captured'
                }
                always { report 'incident.html' }
            }
            '''.stripIndent(true)
        def exec = CliRun.of(['exec', file.toString(), '--yes', '--journal', runs] as String[], env: [RUNBOOK_CACHE: 'off', API_KEY: canary])
        assert exec.exitCode == 0: exec.shown
        def id = dir.resolve('runs').toFile().list().find { !it.startsWith('.') }
        def dump = dir.resolve('runs').resolve(id).resolve('config-dump.txt').toFile().text
        assert dump.contains(canary) // the evidence itself is kept as the step wrote it

        when:
        def inRun = dir.resolve('runs').resolve(id).resolve('incident.html').toFile().text
        def withSecret = CliRun.of(['report', id, '--format', 'html', '--journal', runs] as String[], env: [RUNBOOK_CACHE: 'off', API_KEY: canary])
        def withoutSecret = cli('report', id, '--format', 'html', '--journal', runs)

        then: 'written by the run and by report with the secret set: embedded, masked in every form'
        [inRun, withSecret.out].every { html ->
            html.contains('api_key=****') && html.contains('base64=****') && !html.contains(canary)
                    && !html.contains(canary.bytes.encodeBase64().toString())
        }

        and: 'report without the secret: the file is listed, not embedded, and the report says which secret to set'
        withoutSecret.exitCode == 0
        withoutSecret.out.contains('config-dump.txt')
        withoutSecret.out.contains('not embedded: the run declared secret API_KEY')
        !withoutSecret.out.contains(canary)
        !withoutSecret.out.contains('api_key=')
    }

    def "the HTML report is one self-contained file that fetches nothing"() {
        given:
        def id = failedRun()

        when:
        def html = cli('report', id, '--format', 'html', '--journal', runs).out

        then:
        !(html =~ /(?i)(src|href)\s*=\s*["']?(https?:|\/\/)/)
        !(html =~ /(?i)<link\b|<script\b[^>]*src|@import|url\(/)
        html.contains('<svg id="chart"')
        html.contains('<style>')
    }

    @Requires(value = { Chromium.runnable() }, reason = 'chromium is not installed (run .ci/install-chromium.sh)')
    def "headless Chromium renders the HTML report with every step of the run on its timeline"() {
        given:
        def id = failedRun()
        def page = dir.resolve('incident.html')
        assert cli('report', id, '-o', page.toString(), '--journal', runs).exitCode == 0
        def png = Path.of('target', 'report-screenshot.png').toAbsolutePath()
        Files.deleteIfExists(png)

        when:
        def dom = Chromium.dumpDom(page, dir)
        Chromium.screenshot(page, png, dir)

        then: 'the timeline table and the chart each have every step, with its status'
        def rows = (dom =~ /<tr class="entry" data-kind="step" data-name="([^"]+)" data-status="([^"]+)"/).collect { [it[1], it[2]] }
        rows == [['Check replica lag', 'ok'], ['Save replica status', 'ok'], ['Notify the on-call channel', 'skipped'],
                 ['Promote replica', 'failed'], ['Repoint the application', 'not run']]
        def bars = (dom =~ /<g class="bar [^"]*" data-kind="step" data-name="([^"]+)"/).collect { it[1] }
        bars == rows*.getAt(0)

        and: 'the page was drawn: a PNG screenshot of it exists'
        Files.size(png) > 10_000
        png.toFile().bytes[1..3] == 'PNG'.bytes as List
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** A run of the failover runbook: approved, a manual item confirmed, a step skipped, an output written, a failure. */
    private String failedRun() {
        def file = RunbookFiles.write(dir, 'failover.groovy', '''\
            runbook('db-failover') {
                title 'Fail over the orders database'
                severity P1
                param 'db', default: 'orders'
                requireApproval P1
                step('Check replica lag', expected: 1.minute) { sh 'echo lag 0s' }
                manual 'Tell the support team the orders page may be slow'
                step('Save replica status', expected: 1.minute) { sh "echo 'replica healthy' > ${workdir}/replica-status.txt" }
                step('Notify the on-call channel', when: { false }) { log 'never' }
                step('Promote replica', expected: 1.minute) {
                    sh 'echo "promote failed: timeline mismatch" >&2; exit 3'
                    onFailure { log 'left the primary in place' }
                }
                step('Repoint the application') { sh 'echo never' }
                onFailure { failure -> log "paging the DBA about ${failure.step}" }
                always {
                    report 'incident.md'
                    report 'incident.html'
                }
            }
            ''')
        def run = cli('exec', file, '--yes', '--approved-by', 'bob:lead', '--operator', 'alice', '--journal', runs)
        assert run.exitCode == 1: run.shown
        dir.resolve('runs').toFile().list().find { !it.startsWith('.') }
    }

    /** The REPL journals its commands as repl.* events; the report shows them in the timeline. */
    private void appendReplCommand(String id) {
        def journal = dir.resolve('runs').resolve(id).resolve('journal.jsonl')
        def last = journal.toFile().readLines().last()
        long seq = (last =~ /"seq":(\d+)/)[0][1] as long
        def ts = (last =~ /"ts":"([^"]+)"/)[0][1]
        def lines = journal.toFile().readLines() + """{"seq":${seq + 1},"ts":"${ts}","type":"repl.eval","command":"steps['Check replica lag'].stdout","status":"ok","durationMs":3}""".toString()
        journal.toFile().text = CrashedRuns.rechain(lines).join('\n') + '\n'   // as the REPL would have chained it
    }

    /** Times, dates, durations, ids, host and folders vary from run to run. */
    private String normalise(String text) {
        text.replace(dir.toString(), '<DIR>')
                .replaceAll(/\d{8}-\d{6}-[0-9a-f]{4}/, '<RUN>')
                .replaceAll(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/, '<DATE>')
                .replaceAll(/\b\d\d:\d\d:\d\d\b/, '<TIME>')
                .replaceAll(/\b\d+(\.\d)?(ms|s)\b|\b\d+m( \d+s)?\b/, '<DUR>')
                .replaceAll(/\| Host \| .* \|/, '| Host | <HOST> |')
                .replaceAll(/\(OS user \S+ on host \S+\)/, '(OS user <USER> on host <HOST>)')
                // the reports' own sizes move with the durations written in them; other outputs keep theirs
                .replaceAll(/\(\d+(\.\d)? KB\)/, '(<SIZE>)')
    }

    private static CliRun cli(String... args) {
        CliRun.of(args, env: [RUNBOOK_CACHE: 'off'])
    }
}
