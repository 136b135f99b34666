package dev.runbook.engine

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * A step that floods its output: the journal keeps a head and a tail of each command's output, a line is capped, and
 * the whole output is in a file of the run's folder that the journal and the console name.
 */
class OutputFloodSpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    def "a command printing 100,000 lines journals its first 1,000 and last 200, says how many were cut and where all of them are"() {
        when:
        def run = runner.run('''
            runbook('flood') {
                step('Flood') { sh 'seq 1 100000' }
                step('After') { sh 'echo after' }
            }
        ''')

        then: 'the journal holds the head, the cut, the tail'
        def lines = run.output('Flood')
        lines.size() == 1_000 + 200
        lines.take(3) == ['1', '2', '3']
        lines[999] == '1000'
        lines.takeRight(2) == ['99999', '100000']
        def cut = run.event('step.output.cut')
        cut.num('linesCut') == 100_000 - 1_200
        cut.str('file') == 'output/Flood.log'

        and: 'it comes before the tail and the command.finished'
        def types = run.types()
        types.indexOf('step.output.cut') < types.indexOf('command.finished')

        and: 'the file holds every line, and the console names it'
        def file = run.result.runDir().resolve('output/Flood.log')
        Files.lines(file).withCloseable { it.count() } == 100_000
        run.console.contains('98800 lines')
        run.console.contains('output/Flood.log')

        and: 'the journal is small, and the next command counts afresh'
        Files.size(run.result.runDir().resolve('journal.jsonl')) < 512 * 1024
        run.output('After') == ['after']
        !Files.exists(run.result.runDir().resolve('output/After.log')) // output that fits in the journal leaves no file
        run.result.outcome() == Outcome.SUCCEEDED
    }

    def "a line of 5 MB with no newline is cut in the journal and in what the step reads, not kept whole"() {
        when:
        def run = runner.run('''
            runbook('long-line') {
                step('Long') {
                    def r = sh 'head -c 5000000 /dev/zero | tr "\\\\0" x'
                    log "read ${r.stdout.length()}"
                }
            }
        ''')

        then:
        def line = run.output('Long')[0]
        line.startsWith('x' * 8192 + ' … [')
        line.length() < 8300
        // the reader keeps 1 Mi characters of a line; the journal 8 Ki of those
        line.endsWith('more characters cut]')
        run.logs('Long')[0] ==~ /read (\d+)/
        (run.logs('Long')[0].split(' ')[1] as int) < 1_100_000
        run.result.outcome() == Outcome.SUCCEEDED
    }
}
