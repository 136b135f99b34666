package dev.runbook.repl

import dev.runbook.cli.CliRun
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Issue 21, the minor items: each feature is one thing an operator noticed at the prompt. */
class ReplMinorsSpec extends Specification {
    @TempDir
    Path dir

    @AutoCleanup
    ReplHarness repl

    Path runbook
    Path flag

    def setup() {
        flag = dir.resolve('flag')
        runbook = dir.resolve('fix.groovy')
        Files.writeString(runbook, """\
            runbook('fix') {
                step('One') { log 'one' }
                step('Two') { sh 'test -f ${flag}' }
            }
            """.stripIndent())
        repl = new ReplHarness(dir)
    }

    def "println and print at the prompt show their text"() {
        when:
        repl.start().type("load ${runbook}", 'println "hello from the prompt"', "print 'no newline'", 'status')

        then:
        repl.waitFor('1  pending   One')
        repl.shown.contains('hello from the prompt')
        repl.shown.contains('no newline')
        !repl.shown.contains("unknown name 'out'")
    }

    def "an exception typed at the prompt that carries a secret shows it masked, on screen and in the journal"() {
        given: 'before: the error line printed the secret as it was'
        def canary = 'canary-Repl-Key-c0ffee'
        Files.writeString(runbook, """\
            runbook('fix') {
                secret 'API_KEY'
                step('One') { log 'one' }
            }
            """.stripIndent())
        repl = new ReplHarness(dir, [API_KEY: canary])

        when:
        repl.start().type("load ${runbook}", 'throw new IllegalStateException("bad key " + secrets.API_KEY)',
                'secrets.API_KEY.noSuchMethod()', 'status')

        then:
        repl.waitFor('1  pending   One')
        repl.shown.contains('bad key ****')
        !repl.shown.contains(canary)
        !repl.events().toString().contains(canary)
        repl.events().any { it.type == "repl.eval.failed" }
    }

    def "a line that fails is journaled once, and its error once beside it"() {
        when:
        repl.start().type("load ${runbook}", "sh 'exit 3'", 'status')

        then:
        repl.waitFor('1  pending   One')
        def events = repl.events()
        events.count { it.type == 'repl.eval' } == 1
        events.find { it.type == 'repl.eval' }.data.code == "sh 'exit 3'"
        events.find { it.type == 'repl.eval.failed' }.data.error.contains('exited 3')
    }

    def "status shows the error of a step that failed, not of one that failed before and then ran ok"() {
        when:
        repl.start().type("load ${runbook}", 'next', 'next')

        then:
        repl.waitFor('fix [2/2 Two] failed >')

        when:
        Files.writeString(flag, 'fixed')
        repl.type('retry', 'status', 'log Two')

        then:
        repl.waitFor('── Two (ok)')
        repl.shown =~ /(?m)^\s+2\s+ok\s+Two\s+\d+ ms$/
        repl.shown.findAll(/command exited 1/).size() == 1 // the failure as it happened only: not in status, not in log
    }

    def "lines piped into runbook repl stay out of the history file"() {
        when:
        def run = CliRun.of('repl', runbook.toString(), input: 'plan\nhistory\n', env: [HOME: dir.toString()])

        then:
        run.exitCode == 0
        run.out =~ /(?m)^\s+1\s+plan$/                       // this session's lines are still at hand
        !Files.exists(dir.resolve('.runbook/history')) || !Files.readString(dir.resolve('.runbook/history')).contains('plan')
    }
}
