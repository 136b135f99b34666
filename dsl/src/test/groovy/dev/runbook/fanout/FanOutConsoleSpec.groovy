package dev.runbook.fanout

import dev.runbook.compile.CompilesRunbooks
import dev.runbook.console.ConsoleRenderer
import dev.runbook.console.PlanRenderer
import dev.runbook.console.Style
import dev.runbook.engine.EventListener
import dev.runbook.engine.Outcome
import dev.runbook.engine.RunbookRunner
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.charset.StandardCharsets
import java.nio.file.Path

/** What the operator reads while 1,000 targets run, and what the plan says before anything does. */
@Timeout(120)
class FanOutConsoleSpec extends Specification implements CompilesRunbooks {
    @TempDir Path tmp
    RunbookRunner runner

    static final String THOUSAND = '''
        runbook('thousand') {
            forEach((1..1000).toList(), name: 'Health of 1,000', concurrency: 100, continueOnFailure: true) { i ->
                if (i % 40 == 0) fail("endpoint $i answered 503")
                log "checked $i"
            }
            step('After') { log 'next' }
        }
    '''

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    def "in a log, 1,000 targets take a bounded number of lines: the first failures, progress, a capped summary"() {
        when:
        def run = runner.run(THOUSAND)
        def lines = run.console.readLines()

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        lines.size() < 45
        !run.console.contains('checked 1')
        lines.count { it.trim() ==~ /✗ \d+: endpoint \d+ answered 503/ } == 20   // ten as they came, ten in the summary
        lines.any { it.contains('… more failures: the summary counts them, the journal has each') }
        lines.any { it.trim() ==~ /⇉ 1000 targets in .*: 975 ok · 25 failed · slowest \d+ .*/ }
        lines.any { it.contains('… and 15 more failed') }
        lines.count { it.trim() ==~ /\d+\/1000 done · \d+ failed · \d+ running.*/ } in 1..6
    }

    def "on a terminal, one live line is rewritten in place with done, failed, running and the slowest"() {
        given:
        def bytes = new ByteArrayOutputStream()
        runner.listeners << new ConsoleRenderer(new PrintStream(bytes, true, 'UTF-8'), new Style(true))

        when:
        runner.run(THOUSAND)
        String screen = bytes.toString(StandardCharsets.UTF_8)

        then: 'lines end in newlines only for what stays: the live line is redrawn after a carriage return'
        screen.count('\n') < 45
        screen.contains('\r\u001b[2K')
        screen =~ /⧗ \d+\/1000 done · \d+ failed · \d+ running · slowest \d+ /
        screen.contains('25 failed')
    }

    def "a small fan-out shows each target's commands and output, marked with the target"() {
        when:
        def run = runner.run('''
            runbook('small') {
                forEach(['web1', 'web2'], concurrency: 1) { h -> sh "echo hello from $h" }
            }
        ''')

        then:
        run.console.contains('web1 › $ echo hello from web1')
        run.console.contains('web2 › │ hello from web2')
        run.console.contains('⇉ 2 targets · concurrency 1')
    }

    def "the plan shows parallel blocks with their steps and forEach with its targets and options"() {
        given:
        def out = new ByteArrayOutputStream()
        def rb = compile('''
            runbook('plan') {
                parallel('Both regions') {
                    step('Region A', timeout: 2.minutes) { sh './restart.sh a' }
                    step('Region B', retry: 1) { sh './restart.sh b' }
                }
                forEach(['web1', 'web2', 'web3'], concurrency: 2, maxErrors: 1, timeout: 30.seconds) { h -> sh "ssh $h uptime" }
                forEach({ params.hosts.split(',') }, name: 'Every host', maxErrors: 10.percent, idempotent: true) { h -> http.get(h) }
            }
        ''')

        when:
        new PlanRenderer(new PrintStream(out, true, 'UTF-8'), new Style(false)).render(rb)
        def text = out.toString('UTF-8')

        then:
        text.contains('''
            |  1. parallel Both regions   2 steps at once; the next item waits for all of them
            |       a) Region A   timeout 2m
            |          sh './restart.sh a'
            |       b) Region B   retry 1
            |          sh './restart.sh b'
            |  2. forEach [web1, web2, web3]   concurrency 2 · maxErrors 1 (stops launching after more failures) · timeout 30s per target
            |       3 targets: [web1, web2, web3]
            |       per target: sh "ssh $h uptime"
            |  3. forEach Every host   concurrency 10 · maxErrors 10% (stops launching after more failures) · idempotent
            |       targets computed when it runs
            |'''.stripMargin())
    }
}
