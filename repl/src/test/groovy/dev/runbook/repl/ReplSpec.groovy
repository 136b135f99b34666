package dev.runbook.repl

import org.jline.reader.Candidate
import org.jline.reader.impl.DefaultParser
import org.jline.terminal.Terminal
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class ReplSpec extends Specification {
    @TempDir
    Path dir

    @AutoCleanup
    ReplHarness repl

    Path runbook

    def setup() {
        runbook = dir.resolve('deploy.groovy')
        java.nio.file.Files.writeString(runbook, '''\
            runbook('deploy-fix') {
                param 'version', required: true, pattern: ~/v\\d+\\.\\d+\\.\\d+/
                param 'region', default: 'eu', choices: ['eu', 'us']
                step('Capture evidence') { sh "echo evidence for ${params.version}" }
                step('Roll back') { sh 'echo rolling back' }
                step('Verify') { log "verified ${params.region}" }
            }
            '''.stripIndent())
        repl = new ReplHarness(dir)
    }

    def "the prompt shows the runbook, the next step and the state as the operator steps through"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'next', 'status', 'skip', 'next')
        repl.waitFor('deploy-fix [done: succeeded] >')

        then:
        repl.shown.contains('deploy-fix [1/3 Capture evidence] >')
        repl.shown.contains('deploy-fix [2/3 Roll back] >')
        repl.shown.contains('deploy-fix [3/3 Verify] >')
        repl.shown =~ /(?m)^\s+1\s+ok\s+Capture evidence/
        repl.shown =~ /(?m)^▸\s+2\s+pending\s+Roll back/
        repl.shown.contains("Roll back — skipped (skipped by the operator at the REPL)")
        repl.end() == 0
    }

    def "a runbook loaded without its required param opens its run once set gives a valid value"() {
        when:
        repl.start().type("load ${runbook}", 'set version latest', 'set region mars', 'set version v2.0.0', 'params')
        repl.waitFor('version = v2.0.0', 2)

        then:
        repl.shown.contains("param 'version' is required and was not given")
        repl.shown.contains('deploy-fix [1/3 Capture evidence] params needed >')
        repl.shown.contains("✗ param 'version' must match")
        repl.shown.contains("✗ param 'region' is one of eu, us; 'mars' is not; nothing changed")
        repl.shown.contains('deploy-fix [1/3 Capture evidence] >')
    }

    def "Groovy lines run in the run's context and variables persist between lines"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'next', 'def seen = steps["Capture evidence"].stdout.trim()',
                'seen.toUpperCase()', 'params.version + "/" + params.region', 'sh("echo from the prompt").text')
        repl.waitFor('=> from the prompt')

        then:
        repl.shown.contains('=> evidence for v1.2.3')
        repl.shown.contains('=> EVIDENCE FOR V1.2.3')
        repl.shown.contains('=> v1.2.3/eu')
    }

    def "an error prints one line, trace shows the stack, and the session goes on"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'params.versoin', '1 +* 2', 'trace', '40 + 2')
        repl.waitFor('=> 42')

        then:
        repl.shown =~ /✗ unknown param 'versoin' — did you mean 'version'\?/
        repl.shown =~ /✗ line 1:\d+: /
        repl.shown =~ /(?m)^\s+at /
    }

    def "unclosed braces continue the line until they close"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'def total = [1, 2, 3].collect {', '  it * 10', '}.sum()', 'total')
        repl.waitFor('=> 60', 2)

        then:
        repl.shown.count('=> 60') == 2
    }

    def "completion offers commands, step names, param names and integration methods"() {
        given:
        repl.repl.driver().load(runbook, [version: 'v1.2.3'])
        def reader = repl.repl.reader()

        expect:
        complete(reader, 'ne').contains('next')
        complete(reader, 'goto ').containsAll(['Capture evidence', 'Roll back', 'Verify'])
        complete(reader, 'set ') == ['version', 'region'] as Set
        complete(reader, 'params.').containsAll(['params.version', 'params.region'])
        complete(reader, 'http.').containsAll(['http.get', 'http.post'])
        complete(reader, 'load --').contains('--param')
    }

    static Set<String> complete(reader, String line) {
        List<Candidate> candidates = []
        reader.completer.complete(reader, new DefaultParser().parse(line, line.length(), org.jline.reader.Parser.ParseContext.COMPLETE), candidates)
        candidates*.value() as Set
    }

    def "Ctrl-C stops a running sh at the prompt: its process is killed and the prompt comes back"() {
        given:
        repl.start().type("load ${runbook} -p version=v1.2.3", "sh 'sleep 30'")

        when:
        assert poll { sleeps().size() == 1 }
        def sleep = sleeps()[0]
        repl.terminal.raise(Terminal.Signal.INT)

        then:
        poll { !sleep.alive }
        repl.waitFor('stopped by the operator (Ctrl-C)')

        when:
        repl.type('1 + 1')

        then:
        repl.waitFor('=> 2')
        repl.events().any { it.type == 'operator.interrupt' }
    }

    def "what the operator did by hand is journaled: commands that change the run and evaluated lines"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'next', 'skip Roll back', 'set region us',
                'def x = "by hand"', 'status', 'next')
        repl.waitFor('[done: succeeded]')

        then:
        def manual = repl.events().findAll { it.type.startsWith('repl.') }.collect { [it.type, it.str('command') ?: it.str('code')] }
        manual == [['repl.command', 'next'], ['repl.command', 'skip'], ['repl.command', 'set'],
                   ['repl.eval', 'def x = "by hand"'], ['repl.command', 'next']]
        repl.events().find { it.type == 'step.log' }.str('text') == 'verified us'
    }

    def "goto asks before jumping over steps that did not run, and stays on no"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'goto Verify', 'n', 'goto 3', 'y')
        repl.waitFor('deploy-fix [3/3 Verify] >')

        then:
        repl.shown.count('Jump over 2 steps that did not run (Capture evidence, Roll back)? [y/N]') == 2
        repl.shown.contains('Stayed at 1/3.')
    }

    def "exit asks when a run is in progress; leaving aborts the run with its journal"() {
        when:
        repl.start().type("load ${runbook} -p version=v1.2.3", 'next', 'exit', 'n', 'status', 'exit', 'y')

        then:
        repl.waitFor('A run is in progress; abort it and exit?', 2)
        repl.end() == 3
        repl.events().last().type == 'run.finished'
        repl.events().last().str('outcome') == 'aborted'
    }

    def "break stops run before the step; retry runs a failed step again"() {
        given:
        def flaky = dir.resolve('flaky.groovy')
        java.nio.file.Files.writeString(flaky, """\
            runbook('flaky') {
                step('Once failing') { sh "test -f '${dir.resolve('ok')}'" }
                step('Second') { log 'second' }
                step('Third') { log 'third' }
            }
            """.stripIndent())

        when:
        repl.start().type("load ${flaky}", 'break Third', 'run')
        repl.waitFor('flaky [1/3 Once failing] failed >')
        java.nio.file.Files.writeString(dir.resolve('ok'), '')
        repl.type('retry', 'run')

        then:
        repl.waitFor('● break before \'Third\'')
        repl.shown.contains('flaky [3/3 Third] break >')
    }

    private List<ProcessHandle> sleeps() {
        ProcessHandle.current().descendants().filter { it.info().command().orElse('').endsWith('sleep') }.toList()
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
