package dev.runbook.examples

import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * The real {@code ./runbook repl} in a real pseudo-terminal (tmux), on the quickstart's rollback against the real
 * demo service: what an on-call engineer sees while stepping through it.
 */
@Requires(value = { TmuxScreen.installed() || System.getenv('RUNBOOK_REQUIRE_REAL_PARTS') == '1' },
        reason = 'tmux is not installed (run .ci/install-tmux.sh)')
class ReplEndToEndSpec extends Specification {
    static final String RUNBOOK = 'examples/quickstart/rollback.groovy'
    static final String PROMPT = 'quickstart-rollback ['

    @TempDir
    Path dir

    QuickstartDemo demo
    TmuxScreen screen

    def setup() {
        assert TmuxScreen.installed(): 'tmux is not on the PATH and RUNBOOK_REQUIRE_REAL_PARTS=1 says the REPL spec must run — run .ci/install-tmux.sh'
        demo = new QuickstartDemo(dir.resolve('demo-state'))
        screen = new TmuxScreen(dir)
    }

    def cleanup() {
        screen?.close()
        demo?.stop()
    }

    def "stepping through the rollback at the prompt: plan, next, the manual item, approve, run to the end, status"() {
        given:
        screen.start(replCommand())

        expect: 'the prompt names the runbook and its first step (the first launch may build the tool)'
        screen.waitFor("${PROMPT}1/7 Simulate the incident (demo only)] >", 1, 300)

        when:
        screen.type('plan')

        then:
        screen.waitFor('7. gate health')
        screen.text().contains('4. approval as the team policy requires at P1')

        when: 'the first two steps, one at a time'
        screen.type('next')

        then:
        screen.waitFor("${PROMPT}2/7 Capture evidence] >")
        screen.text().contains("started demo v1.2.4 on 127.0.0.1:${demo.port}")

        when:
        screen.type('next')

        then:
        screen.waitFor("${PROMPT}3/7 Tell #incidents that the demo service is being rolled back] >")
        screen.text().contains('GET /health -> 500')

        when: 'the manual item asks at the same terminal'
        screen.type('next')

        then:
        screen.waitFor('Tell #incidents that the demo service is being rolled back  done? [y/n]')

        when:
        screen.type('y')

        then:
        screen.waitFor("${PROMPT}4/7 approval P1] >")

        when: 'alice, a lead in the team file, answers the approval; run goes on to the end'
        screen.type('approve alice')
        screen.type('run')

        then:
        screen.waitFor("${PROMPT}done: succeeded] >")
        screen.text().contains('✓ approved by alice (lead, verbal, claimed, unverified)')
        screen.text().contains('● GET /health → 200')
        demo.health()[0] == 200

        when:
        screen.type('status')

        then: 'every step ok, with its duration'
        screen.waitFor('Run succeeded', 3)
        ['Simulate the incident (demo only)', 'Capture evidence', 'Tell #incidents that the demo service is being rolled back',
         'approval P1', 'Stop the broken version', 'Start the good version', 'gate health'].every { step ->
            screen.text() =~ /(?m)^\s+\d\s+ok\s+${java.util.regex.Pattern.quote(step)}\s+[\d.]+ m?s$/
        }

        when:
        screen.type('exit')

        then: 'a finished run leaves without a question, with the run\'s exit code'
        screen.waitFor('[repl exited with 0]')
        !screen.text().contains('abort it and exit?')
    }

    /** The launcher in the session, with this JVM's JDK, the spec's demo state and journal, and no shared history. */
    private String replCommand() {
        def env = demo.env + [JAVA_HOME: System.getProperty('java.home')]
        def command = ['env'] + env.collect { k, v -> "$k=$v".toString() } + ['./runbook', 'repl', RUNBOOK,
                '-p', 'version=v1.2.3', '-p', "port=${demo.port}".toString(),
                '--journal', dir.resolve('runs').toString(), '--history', dir.resolve('history').toString()]
        // the shell stays a little after the REPL leaves, so the screen still shows how it ended
        "cd ${quote(new File('').absolutePath)} && ${command.collect { quote(it) }.join(' ')}; echo \"[repl exited with \$?]\"; sleep 120"
    }

    private static String quote(String s) {
        "'" + s.replace("'", "'\\''") + "'"
    }
}
