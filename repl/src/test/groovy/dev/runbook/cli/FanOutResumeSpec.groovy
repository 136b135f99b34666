package dev.runbook.cli

import dev.runbook.journal.JournalReader
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * resume and fan-out: a finished parallel block or forEach is not run again; one that was running when the process
 * died is run again when that is safe (its finished steps kept), and otherwise left to the operator. A crash is made
 * by {@link CrashedRuns}: the journal of a real run cut after a given event, the ledger cut to match.
 */
class FanOutResumeSpec extends Specification {
    @TempDir
    Path dir

    Path ledger
    String runs

    def setup() {
        ledger = dir.resolve('ledger.txt')
        runs = dir.resolve('runs').toString()
    }

    def "a parallel block stopped half-way runs again with only its unfinished steps when they are idempotent"() {
        given: "the run died after step B's command, with A finished and B's outcome unknown"
        def id = crashedRun(parallelRunbook(true), 'B')

        when:
        def run = cli('resume', id, '--yes', '--journal', runs)

        then:
        run.exitCode == 0
        run.out.contains("parallel 'parallel: A + B' was running when the run stopped: its outcome is unknown")
        run.out.contains('It is idempotent: it runs again.')
        ledger.toFile().readLines() == ['before', 'a', 'b', 'b', 'after']

        and:
        def events = JournalReader.read(dir.resolve('runs').resolve(id))
        events.findAll { it.type() == 'step.started' && it.str('step') == 'A' }.size() == 1
        events.findAll { it.type() == 'step.started' && it.str('step') == 'B' }.size() == 2
        events.last().get('outcome') == 'succeeded'
    }

    def "a parallel block with a step that is not idempotent is left to the operator"() {
        given:
        def id = crashedRun(parallelRunbook(false), 'B')

        when:
        def run = cli('resume', id, '--yes', '--journal', runs)

        then:
        run.exitCode == 2
        run.err.contains("parallel 'parallel: A + B' is not idempotent and may or may not have done its work; resume will not guess")
        ledger.toFile().readLines() == ['before', 'a', 'b']
    }

    def "a finished forEach is not run again; the run goes on after it"() {
        given: 'the run died in the step after the fan-out'
        def file = RunbookFiles.write(dir, 'fan.groovy', """\
            runbook('fan') {
                forEach(['x', 'y', 'z'], name: 'Each', concurrency: 3) { t -> sh "echo \$t >> '${ledger}'" }
                step('After', idempotent: true) { sh "echo after >> '${ledger}'" }
            }
            """)
        def id = crashedRun(file, 'After')

        when:
        def run = cli('resume', id, '--yes', '--journal', runs)

        then:
        run.exitCode == 0
        ledger.toFile().readLines().sort() == ['after', 'after', 'x', 'y', 'z']
        JournalReader.read(dir.resolve('runs').resolve(id)).count { it.type() == 'fanout.started' } == 1
    }

    def "a forEach stopped half-way runs again only for the targets that did not finish ok"() {
        given: 'the run died after target y, with x and y done and z never started'
        def file = RunbookFiles.write(dir, 'fan.groovy', """\
            runbook('fan') {
                forEach(['x', 'y', 'z'], name: 'Each', concurrency: 1, idempotent: true) { t -> sh "echo \$t >> '${ledger}'" }
                step('After') { sh "echo after \${steps['Each'].value.ok.size()} ok >> '${ledger}'" }
            }
            """)
        def full = cli('exec', file, '--operator', 'ops', '--journal', runs)
        assert full.exitCode == 0: full.shown
        def id = CrashedRuns.onlyRun(dir.resolve('runs'))
        CrashedRuns.cutJournalAfter(dir.resolve('runs'), id) { it.contains('"fanout.target"') && it.contains('"target":"y"') }
        CrashedRuns.cutAfter(ledger) { it == 'y' }

        when:
        def run = cli('resume', id, '--yes', '--journal', runs)

        then: 'only z ran again, and the node counts all three as ok'
        run.exitCode == 0
        run.out.contains("2 of its targets finished ok before: not run again, whatever is decided for the others.")
        ledger.toFile().readLines() == ['x', 'y', 'z', 'after 3 ok']

        and: 'the journal says so'
        def events = JournalReader.read(dir.resolve('runs').resolve(id))
        def second = events.findAll { it.type() == 'fanout.started' }[-1]
        second.num('targets') == 1
        second.num('doneEarlier') == 2
        events.findAll { it.type() == 'fanout.finished' }[-1].num('doneEarlier') == 2
        run.out.contains('2 more finished ok before the resume: not run again')
        cli('show', id, '--journal', runs).out.contains('1 targets: 1 ok, 0 failed, 0 not launched, 2 done before the resume')
    }

    def "a forEach that failed for some targets runs again for those only"() {
        given: 'y fails until it is fixed'
        def fixed = dir.resolve('fixed')
        def file = RunbookFiles.write(dir, 'fan.groovy', """\
            runbook('fan') {
                forEach(['x', 'y', 'z'], name: 'Each', concurrency: 1) { t ->
                    sh "if [ \$t = y ] && [ ! -e '${fixed}' ]; then exit 1; fi; echo \$t >> '${ledger}'"
                }
                step('After') { sh "echo after >> '${ledger}'" }
            }
            """)
        def id = failedRun(file)
        fixed.toFile().text = ''

        when:
        def run = cli('resume', id, '--journal', runs)

        then:
        run.exitCode == 0
        run.out.contains("its targets that finished ok before (2) are not run again")
        ledger.toFile().readLines() == ['x', 'z', 'y', 'after']
    }

    def "a target listed twice that failed once runs again once: targets are counted, not matched by their text"() {
        given: 'web1 is listed twice (two slots on one host); its second run fails until it is fixed'
        def fixed = dir.resolve('fixed')
        def file = RunbookFiles.write(dir, 'fan.groovy', """\
            runbook('fan') {
                forEach(['web1', 'web1', 'web2'], name: 'Each', concurrency: 1) { t ->
                    sh "if [ \$t = web1 ] && grep -qx web1 '${ledger}' 2>/dev/null && [ ! -e '${fixed}' ]; then exit 1; fi; echo \$t >> '${ledger}'"
                }
                step('After') { sh "echo after \${steps['Each'].value.ok.size()} ok >> '${ledger}'" }
            }
            """)
        def id = failedRun(file)
        fixed.toFile().text = ''

        when:
        def run = cli('resume', id, '--journal', runs)

        then: 'the web1 that failed ran again; the one that was ok and web2 did not; the node counts all three ok'
        run.exitCode == 0
        run.out.contains("its targets that finished ok before (2) are not run again")
        ledger.toFile().readLines() == ['web1', 'web2', 'web1', 'after 3 ok']
        def events = JournalReader.read(dir.resolve('runs').resolve(id))
        events.findAll { it.type() == 'fanout.started' }[-1].num('targets') == 1
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** B waits until A's step.finished is in the journal, so the cut after B's command always finds A finished. */
    private String parallelRunbook(boolean idempotent) {
        RunbookFiles.write(dir, 'parallel.groovy', """\
            runbook('parallel-resume') {
                step('Before') { sh "echo before >> '${ledger}'" }
                parallel {
                    step('A', idempotent: true) { sh "echo a >> '${ledger}'" }
                    step('B', idempotent: ${idempotent}) {
                        sh "until grep -q '\\"type\\":\\"step.finished\\",\\"step\\":\\"A\\"' '\${workdir}/journal.jsonl'; do sleep 0.05; done; echo b >> '${ledger}'"
                    }
                }
                step('After') { sh "echo after >> '${ledger}'" }
            }
            """)
    }

    /** Runs the file, which fails; returns its run id. */
    private String failedRun(String file) {
        def first = cli('exec', file, '--operator', 'ops', '--journal', runs)
        assert first.exitCode == 1: first.shown
        CrashedRuns.onlyRun(dir.resolve('runs'))
    }

    /** Runs the file to the end, then cuts its journal right after {@code step}'s command finished, and the ledger to match. */
    private String crashedRun(String file, String step) {
        def full = cli('exec', file, '--operator', 'ops', '--journal', runs)
        assert full.exitCode == 0: full.shown
        def id = CrashedRuns.onlyRun(dir.resolve('runs'))
        CrashedRuns.cutJournalAfter(dir.resolve('runs'), id) { it.contains('"command.finished"') && it.contains("\"step\":\"$step\"") }
        CrashedRuns.cutAfter(ledger) { it == step.toLowerCase() }
        id
    }

    private static CliRun cli(String... args) {
        CliRun.of(args, env: [RUNBOOK_CACHE: 'off'])
    }
}
