package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** show names where the whole output of a step is when the journal kept only its head and tail. */
class FloodShowSpec extends Specification {
    @TempDir
    Path dir

    def "show says how many lines of a flooding step were left out of the journal and where all of them are"() {
        given:
        def file = RunbookFiles.write(dir, 'flood.groovy', """\
            runbook('flood') {
                step('Flood') { sh 'seq 1 5000' }
            }
            """)
        def journal = dir.resolve('runs').toString()
        def exec = CliRun.of('exec', file, '--yes', '--journal', journal)
        def id = CrashedRuns.onlyRun(dir.resolve('runs'))

        when:
        def show = CliRun.of('show', id, '--journal', journal)

        then:
        exec.exitCode == 0
        exec.out.contains('3800 lines (')
        show.exitCode == 0
        def path = (show.out =~ /output of 'Flood': 3800 lines left out of the journal; all of it: (\S+)/)[0][1]
        Files.readAllLines(Path.of(path)).size() == 5000
    }
}
