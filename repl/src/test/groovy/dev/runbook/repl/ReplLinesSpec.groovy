package dev.runbook.repl

import dev.runbook.cli.CliRun
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Issue 21, the minor items about the lines typed: what is Groovy and what is a command, what persists from line to
 * line, what an invalid line leaves behind, and what trace and journal show.
 */
class ReplLinesSpec extends Specification {
    @TempDir
    Path dir

    @AutoCleanup
    ReplHarness repl

    Path runbook

    def setup() {
        runbook = dir.resolve('fix.groovy')
        Files.writeString(runbook, '''\
            runbook('fix') {
                step('One') { log 'one' }
                step('Two') { helper() }
            }
            def helper() { deeper() }
            def deeper() { throw new IllegalStateException('the disk is full') }
            '''.stripIndent())
        repl = new ReplHarness(dir)
    }

    def "log with a string is the step scope's log; log with a step name is the command"() {
        when:
        repl.start().type("load ${runbook}", 'next', 'log "from the prompt"', 'log One', 'status')

        then:
        repl.waitFor('1  ok        One')
        repl.events().any { it.type == 'step.output' && it.data.text?.contains('from the prompt') } ||
                repl.shown.count('from the prompt') >= 2 // echoed as typed, then logged
        !repl.shown.contains("no step 'from the prompt'")
        repl.shown.contains('── One (ok)')
    }

    def "a method defined at the prompt is there on later lines; a class says what it defined and can be used"() {
        when:
        repl.start().type("load ${runbook}", 'def twice(x) { x * 2 }', 'twice(21)', 'def fact(n) { n <= 1 ? 1 : n * fact(n - 1) }',
                'fact(5)', 'class Foo { String hi() { "hi from Foo" } }', 'new Foo().hi()')

        then:
        repl.waitFor('=> hi from Foo')
        repl.shown.contains('=> 42')
        repl.shown.contains('=> 120')
        repl.shown.contains('defined class Foo')
        !repl.shown.contains('ClassCastException')
    }

    def "a stray closing parenthesis does not trap the lines after it"() {
        when:
        repl.start().type("load ${runbook}", 'println 1)', 'status')

        then:
        repl.waitFor('1  pending   One')
        repl.shown.contains("✗ line 1:")
    }

    def "an unfinished line is given up after two empty lines"() {
        when:
        repl.start().type("load ${runbook}", 'if (true) {', '', '', 'status')

        then:
        repl.waitFor('1  pending   One')
    }

    def "Groovy works before any runbook is loaded, and names a step needs say so"() {
        when:
        repl.start().type('1+1', 'def x = 20', 'x + 1', "sh 'true'", 'help')

        then:
        repl.waitFor('Any other line is Groovy')
        repl.shown.contains('=> 2')
        repl.shown.contains('=> 21')
        repl.shown.contains("'sh' needs a runbook")
        !repl.shown.contains('No runbook loaded — load FILE first.\n=> ') // not refused
    }

    def "a Groovy error after abort leaves the run aborted, exit 3, as the journal says"() {
        when:
        repl.start().type("load ${runbook}", 'next', 'abort', 'y', 'nosuchname + 1', '1 + 1')

        then:
        repl.waitFor('=> 2')
        repl.shown.contains('fix [done: aborted] >')
        !repl.shown.contains('[done: failed]')

        when:
        repl.type('exit')

        then:
        repl.end() == 3
        repl.events().find { it.type == 'run.finished' }.data.outcome == 'aborted'
    }

    def "trace shows the stack of the last error down to the runbook's own frames"() {
        when:
        repl.start().type("load ${runbook}", 'next', 'next', 'trace')

        then:
        repl.waitFor('at fix.deeper(')
        repl.shown.contains('IllegalStateException: the disk is full')
        repl.shown.contains('at fix.helper(')
        !repl.shown.contains('at java.base/')
    }

    def "journal shows the last lines, or as many as -n says"() {
        when:
        repl.start().type("load ${runbook}", 'next', 'journal -n 2', 'echo-done')

        then:
        repl.waitFor("unknown name 'echo")
        def shown = repl.shown
        def journal = shown.substring(shown.indexOf('journal -n 2'), shown.indexOf("echo-done"))
        journal.readLines().count { it =~ /^\s+\d+ \d\d:\d\d:\d\d / } == 2
        journal.contains('step.finished')
    }

    def "with no colour (NO_COLOR, not a terminal) the line typed is not coloured either"() {
        when:
        def reader = repl.repl.reader()
        def shown = reader.highlighter.highlight(reader, "def x = 'text' // 42")

        then:
        shown.toAnsi() == "def x = 'text' // 42"
    }

    def "leaving a run opened by a Groovy line, before any step ran, names no step 'null'"() {
        when:
        repl.start().type("load ${runbook}", '1 + 1', 'exit')

        then:
        repl.end() == 0
        repl.shown.contains('=> 2')
        !repl.shown.contains("'null'")
        !repl.shown.contains('at null')
    }
}
