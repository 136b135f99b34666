package dev.runbook.cli

import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Shared
import dev.runbook.journal.JournalChain
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The readers of a run stream its journal (issue 20): a run journaled before output was capped holds ~150 MB of
 * output lines, and runs, show and report read it in a JVM limited to 64 MB of heap. Reading the whole file into
 * memory (as they did) ends in OutOfMemoryError there.
 */
class StreamingReadersSpec extends Specification {
    static final ObjectMapper JSON = new ObjectMapper()

    @Shared
    @TempDir
    Path dir

    @Shared
    String id

    def setupSpec() {
        def file = RunbookFiles.write(dir, 'flood.groovy', """\
            runbook('old-flood') {
                step('Flood') { sh 'echo one' }
                step('After') { sh 'echo two' }
            }
            """)
        assert CliRun.of('exec', file, '--yes', '--journal', dir.resolve('runs').toString()).exitCode == 0
        id = CrashedRuns.onlyRun(dir.resolve('runs'))
        // the flood: 300,000 output lines of 500 characters after the step's own, as journals were before the cap
        def journal = dir.resolve('runs').resolve(id).resolve('journal.jsonl')
        def lines = Files.readAllLines(journal)
        def filler = 'x' * 500
        long seq = 0
        // chained as the tool chains its lines, so the readers also check the chain of all 150 MB in bounded memory
        String head = null
        String[] chainOut = new String[1]
        def chained = { Map e ->
            String line = JournalChain.chained(head, JSON.writeValueAsString(e), chainOut)
            head = chainOut[0]
            line + '\n'
        }
        Files.newBufferedWriter(journal).withCloseable { w ->
            lines.each { line ->
                Map e = JSON.readValue(line, LinkedHashMap)
                e.remove('chain')
                e.seq = ++seq
                w.write(chained(e))
                if (e.type == 'step.output' && e.step == 'Flood') {
                    300_000.times { n ->
                        def copy = new LinkedHashMap(e)
                        copy.seq = ++seq
                        copy.line = "$n $filler".toString()
                        w.write(chained(copy))
                    }
                }
            }
        }
        assert Files.size(journal) > 150_000_000
    }

    def "#command reads a 150 MB journal in a JVM with 64 MB of heap"() {
        given:
        def work = Files.createDirectories(dir.resolve(command))

        when:
        def cli = CliProcess.start(work, [command] + args.collect { it == 'RUN' ? id : it } + ['--journal', dir.resolve('runs').toString()], [:], ['-Xmx64m'])

        then:
        cli.process.waitFor(120, TimeUnit.SECONDS)
        cli.err == ''
        cli.process.exitValue() == 0
        cli.out.contains(expected.replace('ID', id))

        where:
        command  | args      | expected
        'runs'   | []        | 'ID  old-flood  succeeded'
        'show'   | ['RUN']   | 'step      After  ok'
        'report' | ['RUN']   | 'After'
    }
}
