package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** Journals a kill left odd, and the hints resume prints: one clear line each, the right exit code, no stack trace. */
class BrokenJournalCliSpec extends Specification {
    @TempDir
    Path dir

    def "#command of a run whose journal #what: one line, exit 4"() {
        given: 'a run folder as a kill at the very start (or a cut) leaves it'
        def runs = dir.resolve('runs')
        def id = '20261206-120000-ab12'
        Files.createDirectories(runs.resolve(id))
        Files.writeString(runs.resolve(id).resolve('journal.jsonl'), text)

        when:
        def run = CliRun.of(command, id, '--journal', runs.toString())

        then:
        run.exitCode == 4
        run.err.readLines().findAll { it.startsWith('runbook: ') && !it.startsWith('runbook: warning') && !it.startsWith('runbook: note') } ==
                ["runbook: cannot ${command == 'report' ? 'report on' : command} run $id: its journal (${runs.resolve(id).resolve('journal.jsonl')}) $says".toString()]
        !run.hasStackTrace

        where:
        command  | what                          | text                                                                   | says
        'show'   | 'is empty'                    | ''                                                                     | 'holds no event — the run was stopped as it began, and nothing ran'
        'report' | 'is empty'                    | ''                                                                     | 'holds no event — the run was stopped as it began, and nothing ran'
        'resume' | 'is empty'                    | ''                                                                     | 'holds no event — the run was stopped as it began, and nothing ran'
        'show'   | 'does not begin with a start' | '{"seq":1,"ts":"2026-12-06T12:00:00Z","type":"step.started","step":"a"}\n' | 'does not begin with run.started but with step.started — it was cut or edited'
    }

    def "the --mark-done and --rerun hints carry the --journal the run was found with"() {
        given: "a run that died in step 'b', which is not idempotent"
        def file = RunbookFiles.write(dir, 'hints.groovy', """\
            runbook('hints') {
                step('a') { sh 'true' }
                step('b') { sh 'true' }
            }
            """)
        def journal = dir.resolve('elsewhere').toString()
        def first = CliProcess.start(dir, ['exec', file, '--yes', '--journal', journal])
        assert first.process.waitFor(60, TimeUnit.SECONDS) && first.process.exitValue() == 0
        def id = CrashedRuns.onlyRun(dir.resolve('elsewhere'))
        CrashedRuns.cutJournalAfter(dir.resolve('elsewhere'), id) { it.contains('"step.started"') && it.contains('"step":"b"') }

        when:
        def run = CliRun.of('resume', id, '--yes', '--journal', journal)

        then:
        run.exitCode == 2
        run.err.contains("runbook resume $id --journal '$journal' --mark-done 'b'")
        run.err.contains("runbook resume $id --journal '$journal' --rerun 'b'")
    }
}
