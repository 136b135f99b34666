package dev.runbook.cli

import com.sun.net.httpserver.HttpServer
import dev.runbook.journal.Event
import dev.runbook.journal.JournalReader
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

/**
 * {@code runbook exec} as automation calls it (no terminal): a confirm word needs {@code --confirm WORD}, never
 * {@code --yes}; a refused {@code --approved-by} stops at once; {@code --severity P0} waives an approval only once a
 * real webhook took the notice, and the console says why when it did not.
 */
class AuthorityCliSpec extends Specification {
    @TempDir Path dir
    HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
    List<String> hookBodies = new CopyOnWriteArrayList<>()

    def setup() {
        Files.writeString(dir.resolve('runbook.team.groovy'), """
            team {
                member 'alice', role: 'lead'
                member 'bob', role: 'manager'
                member 'dave', role: 'manager'
                slack webhook: 'TEAM_SLACK_HOOK'
            }
        """)
        hook.createContext('/hook') { ex ->
            hookBodies << new String(ex.requestBody.readAllBytes(), 'UTF-8')
            ex.sendResponseHeaders(200, 2)
            ex.responseBody.withCloseable { it.write('ok'.bytes) }
        }
        hook.start()
    }

    def cleanup() {
        hook.stop(0)
    }

    private CliRun exec(Map options = [:], String... args) {
        CliRun.of(options, *(['exec'] + args.toList() + ['--journal', dir.resolve('runs').toString(), '--operator', 'olivia']))
    }

    private List<Event> journal() {
        def runs = dir.resolve('runs').toFile().listFiles().findAll { it.name ==~ /\d{8}-.*/ }
        assert runs.size() == 1
        JournalReader.read(runs[0].toPath())
    }

    private Path write(String name, String text) {
        Files.writeString(dir.resolve(name), text)
    }

    def "--yes does not type a confirm word: the unattended run is refused at once with exit 3, saying what to pass"() {
        given:
        def marker = dir.resolve('restarted')
        def file = write('restart.groovy', """\
            runbook('restart') {
                step('Before') { sh "touch '${marker}'" }
                confirm 'RESTART', prompt: 'the api restarts now'
            }
            """.stripIndent())

        when:
        def run = exec(file.toString(), '--yes')

        then:
        run.exitCode == 3
        run.err.contains("${file}:3:5: confirm 'RESTART' needs its word typed, and nobody at a terminal will type it "
                + '(--yes types no confirm word) — pass --confirm RESTART')
        run.err.contains('nothing was run')
        !Files.exists(marker)
        !run.hasStackTrace

        when: 'the word given up front'
        def typed = exec(file.toString(), '--confirm', 'RESTART')

        then: 'the guard is passed, and the journal says how'
        typed.exitCode == 0
        Files.exists(marker)
        journal().find { it.type() == 'operator.answered' }.data().subMap('kind', 'text', 'by') == [kind: 'confirm', text: 'RESTART', by: '--confirm']
    }

    def "a non-interactive run whose --approved-by is refused fails at once with exit 3 and why"() {
        given:
        def file = write('approve.groovy', """\
            runbook('approve') {
                requireApproval P1, within: 30.minutes
                step('Change') { log 'changed' }
            }
            """.stripIndent())

        when:
        def run = exec(file.toString(), '--approved-by', 'bob')

        then:
        run.exitCode == 3
        run.shown.contains('--approved-by refused: bob is manager; this approval needs lead (approval P1 needs one lead (P1))')
        !journal().any { it.type() == 'step.started' && it.str('step') == 'Change' }
    }

    def "--severity P0 waives a one-approver rule once the team's webhook took the notice; without it the console says why and asks"() {
        given:
        def file = write('p1.groovy', """\
            runbook('p1') {
                requireApproval P1, within: 30.minutes
                step('Change') { log 'changed' }
            }
            """.stripIndent())

        when: 'the webhook answers'
        def waived = exec([env: [TEAM_SLACK_HOOK: "http://127.0.0.1:${hook.address.port}/hook".toString()]], file.toString(), '--severity', 'P0')

        then:
        waived.exitCode == 0
        waived.out.contains('severity P0 declared by olivia')
        waived.out.contains('⚠ waived: the policy waives approvals at P0')
        hookBodies.size() == 1
        hookBodies[0].contains('approval waived (P0)')

        when: 'nothing is configured: alice, given up front, is what lets it go on'
        dir.resolve('runs').toFile().deleteDir()
        def asked = exec(file.toString(), '--severity', 'P0', '--approved-by', 'alice')

        then:
        asked.exitCode == 0
        asked.out.contains('⚠ not waived at P0: a waiver needs the team told at once, and the Slack notice was not delivered')
        asked.out.contains('asking for the normal approval')
        asked.out.contains('approval needed: one lead (P1)')
        asked.out.contains('✓ approved by alice')
        hookBodies.size() == 1
    }

    def "--severity P0 never waives a quorum, webhook or not"() {
        given:
        def file = write('quorum.groovy', """\
            runbook('quorum') {
                requireApproval role: 'manager', count: 2, within: 30.minutes
                step('Change') { log 'changed' }
            }
            """.stripIndent())

        when:
        def run = exec([env: [TEAM_SLACK_HOOK: "http://127.0.0.1:${hook.address.port}/hook".toString()]], file.toString(),
                '--severity', 'P0', '--approved-by', 'bob,dave')

        then:
        run.exitCode == 0
        run.out.contains('⚠ not waived at P0: P0 never waives an approval that needs 2 × manager (a quorum or four eyes)')
        hookBodies.isEmpty()
        journal().findAll { it.type() == 'approval.granted' }*.str('by') == ['bob', 'dave']
    }
}
