package dev.runbook.cli

import dev.runbook.journal.JournalReader
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Issue 19, defects 7 and 12 (SIGTERM), with the real CLI: {@code runbook exec} in a JVM of its own waits at an
 * approval inside an included runbook, and {@code runbook approve} from this process (another terminal) gives it,
 * by the id the prompt printed or by the top run's id; a SIGTERM during the wait is reported as SIGTERM.
 */
class IncludedApprovalCliSpec extends Specification {
    @TempDir Path tmp
    CliProcess exec

    def setup() {
        Files.writeString(tmp.resolve('child.groovy'), """
            runbook('child-approval') {
                severity P1
                step('Before') { log 'child before' }
                requireApproval P1, within: 10.minutes
                step('After') { log 'child after' }
            }
        """)
        Files.writeString(tmp.resolve('parent.groovy'), """
            runbook('parent-run') {
                severity P1
                step('First') { log 'parent first' }
                include 'child.groovy'
                step('Last') { log 'parent last' }
            }
        """)
        Files.writeString(tmp.resolve('runbook.team.groovy'), """
            team {
                member 'alice', role: 'lead'
                member 'olivia', role: 'lead'
            }
        """)
    }

    def cleanup() {
        exec?.destroy()
    }

    private String startAndAwaitPrompt(String file) {
        exec = CliProcess.start(tmp, ['exec', file, '--journal', tmp.resolve('runs').toString(), '--operator', 'olivia'])
        String printed = null
        assert CliProcess.poll(120) {
            def m = exec.out =~ /approve from another terminal: runbook approve (\S+) --as NAME/
            printed = m.find() ? m.group(1) : null
            printed != null
        }: "no approval prompt: ${exec.out}\n${exec.err}"
        printed
    }

    private String topRunId() {
        Files.list(tmp.resolve('runs')).withCloseable { s -> s.findFirst().get().fileName.toString() }
    }

    def "the id printed at an approval inside an include is the one runbook approve takes, from another process"() {
        given:
        String printed = startAndAwaitPrompt('parent.groovy')

        when:
        def approve = CliSession.run('approve', printed, '--as', 'alice', '--journal', tmp.resolve('runs'))

        then:
        approve.exitCode() == 0
        approve.output.contains("Approval by alice sent to run $printed")
        approve.output.contains('✓ accepted: alice approved ([lead]; claimed, unverified')
        exec.process.waitFor() == 0

        and: 'the top run went on after the include'
        def journal = JournalReader.read(tmp.resolve('runs').resolve(topRunId()))
        journal.findAll { it.type() == 'step.finished' }.collect { "${it.str('step')}: ${it.str('status')}".toString() } ==
                ['First: ok', 'include child.groovy: ok', 'Last: ok']
    }

    def "the top run's id finds the approval its include waits at"() {
        given:
        String printed = startAndAwaitPrompt('parent.groovy')
        String top = topRunId()

        when:
        def approve = CliSession.run('approve', top, '--as', 'alice', '--journal', tmp.resolve('runs'))

        then:
        top != printed
        approve.exitCode() == 0
        approve.output.contains("Approval by alice sent to run $printed (include 'include child.groovy' of run $top)")
        exec.process.waitFor() == 0
    }

    def "SIGTERM during an approval wait is reported as SIGTERM, not as the operator's Ctrl-C"() {
        given:
        startAndAwaitPrompt('child.groovy')

        when:
        exec.signal('TERM')
        int code = exec.process.waitFor()

        then:
        code != 0
        exec.out.contains('SIGTERM')
        !exec.out.contains('Ctrl-C')
        def journal = JournalReader.read(tmp.resolve('runs').resolve(topRunId()))
        journal.find { it.type() == 'run.terminated' }.str('signal') == 'SIGTERM'
        def finished = journal.find { it.type() == 'step.finished' && it.str('step') == 'approval P1' }
        finished == null || finished.str('error').contains('SIGTERM')
    }
}
