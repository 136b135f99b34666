package dev.runbook.cli

import dev.runbook.journal.JournalReader
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import dev.runbook.journal.Event

class ExecCommandSpec extends Specification {
    @TempDir
    Path dir

    def "a runbook whose steps succeed exits 0 and its commands really ran"() {
        given:
        def marker = dir.resolve('restarted')
        def file = RunbookFiles.write(dir, 'ok.groovy', """\
            runbook('ok') {
                step('Restart') { sh "echo restarting && touch '${marker}'" }
            }
            """)

        when:
        def run = exec(file)

        then:
        run.exitCode == 0
        Files.exists(marker)
        run.out =~ /(?m)^\s+│ restarting$/
        run.out.contains('✓ Run succeeded')
    }

    def "a runbook whose command fails exits 1, names the failed step and runs its handlers"() {
        given:
        def file = RunbookFiles.write(dir, 'fails.groovy', '''\
            runbook('fails') {
                step('Migrate') { sh 'echo "relation users is locked" >&2; exit 5' }
                step('Never') { sh 'echo never' }
                onFailure { failure -> log "rolling back after ${failure.step}" }
            }
            ''')

        when:
        def run = exec(file)

        then:
        run.exitCode == 1
        run.out.contains("✗ Run FAILED")
        run.out.contains("at 'Migrate': command exited 5")
        run.out.contains('» rolling back after Migrate')
        !run.out.contains('│ never')
    }

    def "--dry-run runs no command and prints each command it would run, evaluating when: conditions"() {
        given:
        def marker = dir.resolve('touched')
        def file = RunbookFiles.write(dir, 'dry.groovy', """\
            runbook('dry') {
                param 'env', default: 'staging'
                step('Drain') { sh "touch '${marker}'" }
                step('Page the on-call', when: { params.env == 'prod' }) { sh 'echo paging' }
                always { sh "touch '${marker}.always'" }
            }
            """)

        when:
        def run = exec(file, '--dry-run', '-p', "env=${env}")

        then:
        run.exitCode == 0
        run.out.contains('DRY RUN: no command is executed')
        run.out.contains("would run: touch '${marker}'")
        run.out.contains("would run: touch '${marker}.always'")
        run.out.contains('would run: echo paging') == paged
        run.out.contains("Page the on-call — skipped (when: condition is false)") == !paged
        !Files.exists(marker)
        !Files.exists(Path.of("${marker}.always"))

        where:
        env       || paged
        'prod'    || true
        'staging' || false
    }

    def "--dry-run of a runbook with a manual item needs no terminal and asks nobody"() {
        given:
        def file = RunbookFiles.write(dir, 'manual.groovy', "runbook('m') { manual 'Tell #incidents' }")

        when:
        def run = exec(file, '--dry-run')

        then:
        run.exitCode == 0
        run.out.contains('would ask the operator: check: Tell #incidents')
    }

    def "without a terminal a runbook with a manual item is refused with exit 2 and a clear message, and nothing runs"() {
        given:
        def marker = dir.resolve('touched')
        def file = RunbookFiles.write(dir, 'manual.groovy', """\
            runbook('manual') {
                step('Before') { sh "touch '${marker}'" }
                manual 'Tell #incidents that we roll back'
            }
            """)

        when:
        def run = exec(file)

        then:
        run.exitCode == 2
        run.err.contains("${file}:3:5: manual 'Tell #incidents that we roll back' needs an operator to answer, and this run has no terminal"
                + ' — run it in a terminal, or pass --yes to confirm it')
        run.err.contains('nothing was run')
        !Files.exists(marker)
        !run.hasStackTrace
    }

    def "--yes confirms the manual item of a run without a terminal and journals who confirmed it"() {
        given:
        def file = RunbookFiles.write(dir, 'manual.groovy', """\
            runbook('manual') {
                manual 'Tell #incidents that we roll back'
                step('After') { sh 'echo after' }
            }
            """)

        when:
        def run = exec(file, '--yes')

        then:
        run.exitCode == 0
        run.out.contains('✓ confirmed by --yes')
        run.out =~ /(?m)^\s+│ after$/
        journalEvents().find { it.type() == 'operator.answered' }.data().subMap('answer', 'by') == [answer: 'confirmed', by: '--yes']
    }

    def "an operator at a terminal who answers #answer to the manual prompt #outcome"() {
        given:
        def file = RunbookFiles.write(dir, 'manual.groovy', """\
            runbook('manual') {
                manual 'Tell #incidents that we roll back'
                step('After') { sh 'echo after' }
                always { sh 'echo cleanup' }
            }
            """)

        when:
        def run = exec([input: "${answer}\n", stdinTerminal: true], file, '--operator', 'alice')

        then:
        run.out.contains('? Tell #incidents that we roll back  done? [y/n]')
        run.exitCode == exitCode
        run.out.contains(shown)
        run.out.contains('│ after') == (answer == 'y')
        run.out.contains('│ cleanup')
        journalEvents().find { it.type() == 'operator.answered' }.data().subMap('answer', 'by') == [answer: journaled, by: 'alice']

        where:
        answer || exitCode | shown                  | journaled
        'y'    || 0        | '✓ confirmed by alice' | 'confirmed'
        'n'    || 3        | '✗ declined by alice'  | 'declined'

        outcome = exitCode == 0 ? 'lets the run go on' : 'aborts the run with exit 3'
    }

    def "a prompt answered with something else asks again until it gets y or n"() {
        given:
        def file = RunbookFiles.write(dir, 'manual.groovy', "runbook('m') { manual 'Drain the node' }")

        when:
        def run = exec([input: 'maybe\ny\n', stdinTerminal: true], file)

        then:
        run.exitCode == 0
        run.out.contains('answer y (done, go on) or n (stop the run)')
        run.out.count('done? [y/n]') == 2
    }

    def "bad input exits 2 with a message and no stack trace, and runs nothing: #problem"() {
        given:
        def marker = dir.resolve('touched')
        RunbookFiles.write(dir, 'rb.groovy', """\
            runbook('rb') {
                param 'version', required: true, pattern: ~/v\\d+\\.\\d+\\.\\d+/
                step('Deploy') { sh "touch '${marker}'" }
            }
            """)
        RunbookFiles.write(dir, 'syntax.groovy', "runbook('syntax') {\n    step('One') { sh 'true'\n}\n")

        when:
        def run = exec(args.collect { it.replace('DIR', dir.toString()) } as String[])

        then:
        run.exitCode == 2
        run.err.contains(shown.replace('DIR', dir.toString()))
        !run.hasStackTrace
        !Files.exists(marker)

        where:
        problem                 | args                                                  || shown
        'no such file'          | ['DIR/missing.groovy']                                || 'DIR/missing.groovy: no such file'
        'a syntax error'        | ['DIR/syntax.groovy']                                 || 'DIR/syntax.groovy:4:1: the file ends before every { is closed'
        'a missing param'       | ['DIR/rb.groovy']                                     || "DIR/rb.groovy:2:5: param 'version' is required and was not given — pass -p version="
        'a param off pattern'   | ['DIR/rb.groovy', '-p', 'version=latest']             || "param 'version'"
        'an unknown param'      | ['DIR/rb.groovy', '-p', 'version=v1.0.0', '-p', 'x=1'] || "unknown param 'x'"
        'an unknown flag'       | ['DIR/rb.groovy', '--force']                          || "Unknown option: '--force'"
        'an unknown --severity' | ['DIR/rb.groovy', '-p', 'version=v1.0.0', '--severity', 'P7'] || "Invalid value for option '--severity': 'P7' is not one of P0, P1, P2, P3"
    }

    def "a journal folder that cannot be created is a journal error: exit 4, no stack trace, nothing runs"() {
        given:
        def marker = dir.resolve('touched')
        def file = RunbookFiles.write(dir, 'rb.groovy', "runbook('rb') { step('One') { sh \"touch '${marker}'\" } }")
        def notAFolder = Files.writeString(dir.resolve('a-file'), 'not a folder')

        when:
        def run = CliRun.of('exec', file, '--journal', notAFolder.resolve('runs').toString())

        then:
        run.exitCode == 4
        run.err.startsWith('runbook: journal error: cannot create the run journal in ' + notAFolder.resolve('runs'))
        run.err.contains('Not a directory')
        !run.hasStackTrace
        !Files.exists(marker)
    }

    /** {@code runbook exec args... --journal <this spec's folder>/runs}. */
    private CliRun exec(Map options = [:], String... args) {
        CliRun.of(options, *(['exec'] + args.toList() + ['--journal', dir.resolve('runs').toString()]))
    }

    /** The events of the only run journaled in this spec's folder. */
    private List<Event> journalEvents() {
        def runs = dir.resolve('runs').toFile().listFiles()
        assert runs?.length == 1
        JournalReader.read(runs[0].toPath())
    }
}
