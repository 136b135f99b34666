package dev.runbook.cli

import dev.runbook.journal.Event
import dev.runbook.journal.JournalReader
import dev.runbook.term.ExitCodes
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** {@code runbook exec --step} (a question before each step, like ansible-playbook --step) and {@code --start-at}. */
class ExecStepSpec extends Specification {
    static final String QUESTION = "? (y)es / (n)o, skip it / (c)ontinue without asking / (a)bort:"

    @TempDir
    Path dir

    String file

    def setup() {
        file = RunbookFiles.write(dir, 'three.groovy', """\
            runbook('three') {
                step('First') { sh "touch '${dir.resolve('first')}'" }
                step('Second') { sh "touch '${dir.resolve('second')}'" }
                step('Third') { sh "touch '${dir.resolve('third')}'" }
            }
            """)
    }

    def "--step asks before each step: y runs it, n skips it and the journal says it was declined"() {
        when:
        def run = exec([input: 'y\nn\ny\n'], '--step')

        then:
        run.exitCode == 0
        ran() == ['first', 'third']
        run.out.count(QUESTION) == 3
        run.out.contains("Perform step 'Second'")
        run.out.contains('✓ Run succeeded')
        skipped() == ['Second': 'declined at --step']
    }

    def "c runs the rest without asking again"() {
        when:
        def run = exec([input: 'c\n'], '--step')

        then:
        run.exitCode == 0
        ran() == ['first', 'second', 'third']
        run.out.count(QUESTION) == 1
    }

    def "a aborts at that step: it and the ones after it do not run, and the exit code says aborted"() {
        when:
        def run = exec([input: 'y\na\n'], '--step')

        then:
        run.exitCode == ExitCodes.ABORTED
        ran() == ['first']
        with(journalEvents().last()) {
            type() == 'run.finished'
            str('outcome') == 'aborted'
        }
    }

    def "an answer that is none of the four asks again; the end of input aborts, since nobody is there to say yes"() {
        when:
        def run = exec([input: 'maybe\n'], '--step')

        then:
        run.out.contains('answer y, n, c or a')
        run.out.count("Perform step 'First'") == 2
        run.exitCode == ExitCodes.ABORTED
        ran() == []
    }

    def "--start-at skips the steps before it, by name or by number"() {
        when:
        def byName = exec('--start-at', 'Third')

        then:
        byName.exitCode == 0
        ran() == ['third']
        skipped() == ['First': 'before --start-at Third', 'Second': 'before --start-at Third']

        when:
        Files.delete(dir.resolve('third'))
        def byNumber = exec('--start-at', '2')

        then:
        byNumber.exitCode == 0
        ran() == ['second', 'third']
    }

    def "--start-at with --step asks from that step on"() {
        when:
        def run = exec([input: 'n\ny\n'], '--start-at', 'Second', '--step')

        then:
        run.exitCode == 0
        !run.out.contains("Perform step 'First'")
        ran() == ['third']
    }

    def "--start-at a step that does not exist runs nothing and names the steps"() {
        when:
        def run = exec('--start-at', 'Thrid')

        then:
        run.exitCode == ExitCodes.BAD_INPUT
        run.err.contains("runbook: --start-at Thrid: no such step — did you mean 'Third'?")
        ran() == []
        !run.hasStackTrace
    }

    private CliRun exec(Map options = [:], String... args) {
        CliRun.of(options, *(['exec', file] + args.toList() + ['--journal', dir.resolve('runs').toString()]))
    }

    /** The steps whose command ran, by the file each one touched. */
    private List<String> ran() {
        ['first', 'second', 'third'].findAll { Files.exists(dir.resolve(it)) }
    }

    /** step → why, for the steps the newest run skipped. */
    private Map<String, String> skipped() {
        journalEvents().findAll { it.type() == 'step.skipped' }.collectEntries { [it.str('step'), it.str('reason')] }
    }

    private List<Event> journalEvents() {
        def runs = dir.resolve('runs').toFile().listFiles().sort { it.name }
        JournalReader.read(runs.last().toPath())
    }
}
