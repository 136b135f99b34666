package dev.runbook.cli

import dev.runbook.engine.RunHistory
import dev.runbook.journal.JournalReader
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * runs, show and resume on runs that crashed, made by {@link CrashedRuns}.
 */
class ResumeCommandSpec extends Specification {
    @TempDir
    Path dir

    Path ledger
    String runs

    def setup() {
        ledger = dir.resolve('ledger.txt')
        runs = dir.resolve('runs').toString()
    }

    def "runs lists each run with its state, and show tells the timeline with the step whose outcome is unknown"() {
        given:
        def id = crashedRun(threeSteps(), 'Apply')

        when:
        def list = cli('runs', '--journal', runs)
        def show = cli('show', id, '--journal', runs)

        then:
        list.exitCode == 0
        list.out =~ /(?m)^ID\s+RUNBOOK\s+STATE\s+OPERATOR\s+STARTED \(UTC\)\s+DURATION$/
        list.out =~ /(?m)^${id}\s+three-steps\s+stopped \(resumable\)\s+ops\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\S+/

        and:
        show.exitCode == 0
        show.out =~ /step\s+Collect\s+ok/
        show.out =~ /step\s+Apply\s+outcome unknown/
        show.out.contains("To go on: runbook resume $id")
    }

    def "resume runs no finished step again, re-runs an idempotent step whose outcome is unknown, and restores params and step results"() {
        given:
        def id = crashedRun(threeSteps(applyIdempotent: true), 'Apply')

        when:
        def run = cli('resume', id, '--yes', '--journal', runs)

        then:
        run.exitCode == 0
        run.out.contains("step 'Apply' was running when the run stopped: its outcome is unknown")
        run.out.contains('It is idempotent: it runs again.')
        ledger.toFile().readLines() == ['collect', 'apply collected-for-eu', 'apply collected-for-eu', 'verify eu']

        and: 'the journal is one timeline: the first start, the resume, the end'
        def events = JournalReader.read(dir.resolve('runs').resolve(id))
        events*.type.count('run.started') == 1
        events.find { it.type() == 'run.resumed' }.get('decision') == 'runs again: Apply'
        events.last().type() == 'run.finished'
        events.last().get('outcome') == 'succeeded'
    }

    def "with --yes, resume never guesses about a step that is not idempotent: it stops with exit 2 and says what to run"() {
        given:
        def id = crashedRun(threeSteps(), 'Apply')

        when:
        def run = cli('resume', id, '--yes', '--journal', runs)

        then:
        run.exitCode == 2
        run.err.contains("step 'Apply' is not idempotent and may or may not have done its work; resume will not guess")
        run.err.contains("runbook resume $id --journal '$runs' --mark-done 'Apply'")
        run.err.contains("runbook resume $id --journal '$runs' --rerun 'Apply'")
        ledger.toFile().readLines() == ['collect', 'apply collected-for-eu']
    }

    def "--mark-done goes on after the step, --rerun runs it again"() {
        given:
        def id = crashedRun(threeSteps(), 'Apply')

        when:
        def run = cli('resume', id, '--yes', flag, 'Apply', '--journal', runs)

        then:
        run.exitCode == 0
        ledger.toFile().readLines() == expected

        and: 'the timeline says what the operator decided'
        def show = cli('show', id, '--journal', runs)
        show.out.contains(note)

        where:
        flag          | expected                                                       | note
        '--mark-done' | ['collect', 'apply collected-for-eu', 'verify eu']                              | 'marked done: Apply'
        '--rerun'     | ['collect', 'apply collected-for-eu', 'apply collected-for-eu', 'verify eu']    | 'runs again: Apply'
    }

    def "--from runs a step and the ones after it again, even in a run that succeeded; a misspelt step is named with a suggestion"() {
        given:
        def full = cli('exec', threeSteps(), '-p', 'region=eu', '--operator', 'ops', '--journal', runs)
        assert full.exitCode == 0
        def id = onlyRun()

        when:
        def nothing = cli('resume', id, '--yes', '--journal', runs)
        def typo = cli('resume', id, '--yes', '--from', 'Verfy', '--journal', runs)
        def again = cli('resume', id, '--yes', '--from', 'Verify', '--journal', runs)

        then:
        nothing.exitCode == 0
        nothing.out.contains("Run $id already succeeded; nothing to resume")
        typo.exitCode == 2
        typo.err.contains("--from 'Verfy': no such step in three-steps")
        typo.err.contains('Verify')
        again.exitCode == 0
        ledger.toFile().readLines() == ['collect', 'apply collected-for-eu', 'verify eu', 'verify eu']
    }

    def "--mark-done for a step whose outcome is known is refused: there is nothing to decide"() {
        given:
        def id = crashedRun(threeSteps(), 'Apply')

        when:
        def run = cli('resume', id, '--yes', '--mark-done', 'Collect', '--journal', runs)

        then:
        run.exitCode == 2
        run.err.contains("'Collect' is not a step whose outcome is unknown in run $id; the one whose outcome is unknown is 'Apply'")
        ledger.toFile().readLines() == ['collect', 'apply collected-for-eu']
    }

    def "at a terminal the operator chooses for a step that is not idempotent: m marks it done"() {
        given:
        def id = crashedRun(threeSteps(), 'Apply')

        when:
        def run = CliRun.of(['resume', id, '--journal', runs] as String[], input: 'x\nm\n', stdinTerminal: true, env: [RUNBOOK_CACHE: 'off'])

        then:
        run.exitCode == 0
        run.out.contains('[r] run it again · [m] mark it done (it did its work) · [a] abort')
        run.out.contains('answer r, m or a')
        ledger.toFile().readLines() == ['collect', 'apply collected-for-eu', 'verify eu']
    }

    def "a line torn by a power cut is reported, cut off, and the resumed journal reads cleanly"() {
        given:
        def id = crashedRun(threeSteps(applyIdempotent: true), 'Apply')
        def journal = dir.resolve('runs').resolve(id).resolve('journal.jsonl')
        journal.toFile().append('{"seq":999,"ts":"2026-11-2')

        when:
        def run = cli('resume', id, '--yes', '--journal', runs)

        then:
        run.exitCode == 0
        run.err =~ /warning: the last line \(\d+\) of .*journal.jsonl is incomplete — the run stopped while writing it; it was ignored/

        and:
        def contents = JournalReader.readContents(journal)
        contents.tornLine() == null
        contents.events().last().get('outcome') == 'succeeded'
    }

    def "any other damage to the journal stops resume with the event altered and exit code 4"() {
        given:
        def id = crashedRun(threeSteps(applyIdempotent: true), 'Apply')
        def journal = dir.resolve('runs').resolve(id).resolve('journal.jsonl')
        def lines = journal.toFile().readLines()
        lines[damage.line] = damage.text
        journal.toFile().text = lines.join('\n') + '\n'

        when:
        def run = cli('resume', id, '--yes', '--journal', runs)

        then:
        run.exitCode == 4
        run.err.contains("runbook: cannot resume ${id}: " + damage.says)
        !run.hasStackTrace
        ledger.toFile().readLines() == ['collect', 'apply collected-for-eu']

        where: 'the journal is chained: a damaged line is an alteration at the event whose place it takes'
        damage << [
                [line: 1, text: '{"seq":2,"ts":"2026-11-23T10:00:00Z","type":"step.started","step":"Coll',
                 says: 'journal altered at event 2 (line 2 is not a journal event)'],
                [line: 2, text: '{"seq":1,"ts":"2026-11-23T10:00:00Z","type":"step.log","step":"Collect","text":"x"}',
                 says: 'journal altered at event 3 (the event carries no chain value — it was edited or inserted)'],
                [line: 1, text: '{"ts":"2026-11-23T10:00:00Z","type":"step.started"}',
                 says: 'journal altered at event 2 (line 2 is not a journal event)'],
        ]
    }

    def "a runbook changed since the run started is refused, naming the steps that differ; --force resumes anyway"() {
        given:
        def id = crashedRun(threeSteps(applyIdempotent: true), 'Apply')
        def file = dir.resolve('three.groovy')
        file.toFile().text = file.toFile().text.replace("'verify '", "'verify again '")
                .replaceFirst(/(?s)\}\s*$/, "    step('Notify') { sh \"echo notify >> '${ledger}'\" }\n}\n")

        when:
        def refused = cli('resume', id, '--yes', '--journal', runs)

        then:
        refused.exitCode == 2
        refused.err.contains("three.groovy changed since run $id started:")
        refused.err.contains('added:   Notify')
        refused.err.contains('changed: Verify')
        !refused.err.contains('changed: Apply')
        !refused.err.contains('Collect')
        refused.err.contains('--force')
        ledger.toFile().readLines() == ['collect', 'apply collected-for-eu']

        when:
        def forced = cli('resume', id, '--yes', '--force', '--journal', runs)

        then: 'the finished step is not run again; the rest runs as the file says now'
        forced.exitCode == 0
        forced.out.contains('changed since the run started (--force)')
        ledger.toFile().readLines() == ['collect', 'apply collected-for-eu', 'apply collected-for-eu', 'verify again eu', 'notify']
    }

    def "approvals already granted are not asked again when the step that asked for them runs again"() {
        given:
        RunbookFiles.write(dir, 'approve.groovy', """\
            runbook('approved-deploy') {
                step('Deploy', idempotent: true) {
                    requireApproval P1
                    sh "echo deploy >> '${ledger}'"
                }
            }
            """)
        def first = cli('exec', dir.resolve('approve.groovy').toString(), '--severity', 'P1', '--approved-by', 'bob:lead',
                '--operator', 'ops', '--journal', runs)
        assert first.exitCode == 0
        def id = onlyRun()
        cutJournalAfter(id) { it.contains('"approval.satisfied"') }

        when: 'resumed with no approver given'
        def run = cli('resume', id, '--yes', '--journal', runs)

        then:
        run.exitCode == 0
        def events = JournalReader.read(dir.resolve('runs').resolve(id))
        def satisfied = events.findAll { it.type() == 'approval.satisfied' }.last()
        satisfied.get('restored') == ['bob']
        events.findAll { it.type() == 'approval.granted' }.size() == 1
    }

    def "a run stopped with Ctrl-C is resumed from the step that was stopped"() {
        given:
        def marker = dir.resolve('cache-warm')
        def file = RunbookFiles.write(dir, 'wait.groovy', """\
            runbook('wait-then-go') {
                step('Drain') { sh "echo drain >> '${ledger}'" }
                step('Wait for the cache') { sh "[ -f '${marker}' ] || sleep 300; echo waited >> '${ledger}'" }
                step('Go') { sh "echo go >> '${ledger}'" }
            }
            """)
        def proc = CliProcess.exec(dir, file)
        def commands = []

        when: 'Ctrl-C while the wait runs'
        assert CliProcess.poll(60) { proc.events().any { it.type == 'command.started' && it.step == 'Wait for the cache' } }
        assert CliProcess.poll(30) { !proc.descendantsNamed('sleep').isEmpty() }
        commands = proc.descendantsNamed('sleep')
        proc.interrupt()

        then:
        proc.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)
        proc.process.exitValue() == 3

        when: 'the cache is warm now, and the run is resumed'
        Files.createFile(marker)
        def id = onlyRun()
        def run = cli('resume', id, '--yes', '--journal', runs)

        then:
        run.exitCode == 0
        run.out.contains("going on from 'Wait for the cache'")
        ledger.toFile().readLines() == ['drain', 'waited', 'go']

        cleanup:
        commands*.destroyForcibly()
        proc?.destroy()
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** Collect (returns a value), Apply (uses params), Verify (uses the value): three steps, each writing the ledger. */
    private String threeSteps(Map opts = [:]) {
        RunbookFiles.write(dir, 'three.groovy', """\
            runbook('three-steps') {
                param 'region', default: 'eu'
                step('Collect') { sh "echo collect >> '${ledger}'"; "collected-for-\${params.region}" }
                step('Apply', idempotent: ${opts.applyIdempotent ?: false}) {
                    sh "echo apply\${steps['Collect'].value ? ' ' + steps['Collect'].value : ''} >> '${ledger}'"
                }
                step('Verify') { sh "echo 'verify '\${params.region} >> '${ledger}'" }
            }
            """)
    }

    /**
     * Runs the runbook to the end with -p region=eu, then cuts its journal right after {@code step}'s command
     * finished (its work done, its step.finished lost) and its ledger to match: a crash at that point.
     */
    private String crashedRun(String file, String step) {
        def full = cli('exec', file, '-p', 'region=eu', '--operator', 'ops', '--journal', runs)
        assert full.exitCode == 0: full.shown
        def id = onlyRun()
        cutJournalAfter(id) { it.contains('"command.finished"') && it.contains("\"step\":\"$step\"") }
        CrashedRuns.cutAfter(ledger) { it.startsWith(step.toLowerCase()) }
        id
    }

    private void cutJournalAfter(String id, Closure<Boolean> lastKept) {
        CrashedRuns.cutJournalAfter(dir.resolve('runs'), id, lastKept)
    }

    private String onlyRun() {
        CrashedRuns.onlyRun(dir.resolve('runs'))
    }

    private static CliRun cli(String... args) {
        CliRun.of(args, env: [RUNBOOK_CACHE: 'off'])
    }
}
