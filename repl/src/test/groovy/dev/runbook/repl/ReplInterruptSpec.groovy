package dev.runbook.repl

import org.jline.terminal.Terminal
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Issue 21, items 8 and 9: Ctrl-C stops a runaway line, and says what it does. */
class ReplInterruptSpec extends Specification {
    @TempDir
    Path dir

    @AutoCleanup
    ReplHarness repl

    Path runbook

    def setup() {
        runbook = dir.resolve('drain.groovy')
        Files.writeString(runbook, '''\
            runbook('drain') {
                step('Long drain') { sh 'sleep 30' }
                step('After') { log 'after' }
                onFailure { log 'THE FAILURE PATH RAN' }
            }
            '''.stripIndent())
        repl = new ReplHarness(dir)
    }

    def "Ctrl-C during a step says the step stops and the prompt comes back, and no handler runs"() {
        when:
        repl.start().type("load ${runbook}", 'next')
        assert poll { repl.events().any { it.type == 'command.started' } }
        repl.terminal.raise(Terminal.Signal.INT)

        then:
        repl.waitFor("⚠ Ctrl-C: stopping 'Long drain' (its commands are killed); no handler runs, and the prompt comes back")
        repl.waitFor('drain [1/2 Long drain] failed >')
        !repl.shown.contains('running the failure path')
        !repl.shown.contains('THE FAILURE PATH RAN')
        repl.events().find { it.type == 'operator.interrupt' }.str('action') == 'stop the current step, back to the prompt'
    }

    def "Ctrl-C stops a runaway Groovy loop: it no longer counts once the prompt is back"() {
        when:
        def started = dir.resolve('started')
        repl.start().type("load ${runbook}", 'def n = 0', "new File('${started}').text = ''; while (true) { n++ }")
        assert poll { Files.exists(started) }
        repl.terminal.raise(Terminal.Signal.INT)

        then:
        repl.waitFor('stopped by the operator (Ctrl-C)')

        when:
        repl.type('def before = n', "sh 'sleep 0.5'", 'n == before')

        then:
        repl.waitFor('=> true')
        !repl.shown.contains('ignores the interrupt')
    }

    def "a line that swallows the interrupt is said to be still running, and the REPL offers to leave"() {
        when:
        def started = dir.resolve('started')
        // Groovy's sleep() sleeps on through an interrupt: a line that will not stop, whatever the check in its loops
        repl.start().type("load ${runbook}", "new File('${started}').text = ''; sleep(60_000)")
        assert poll { Files.exists(started) }
        repl.terminal.raise(Terminal.Signal.INT)

        then:
        repl.waitFor('✗ the line ignores the interrupt and still runs (a loop keeps a core busy) until it ends or the REPL exits.')
        repl.waitFor('Leave the REPL now (a run in progress ends as aborted)? [y/N]')

        when:
        repl.type('n', '6 * 7')

        then:
        repl.waitFor('Staying; exit leaves (and stops the line) when you are ready.')
        repl.waitFor('=> 42')

    }

    private static boolean poll(Closure<Boolean> condition) {
        long end = System.nanoTime() + 30_000_000_000L
        while (System.nanoTime() < end) {
            if (condition()) return true
            Thread.sleep(20)
        }
        false
    }
}
