package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Issue 19, defects 8 (a failed handler said loudly) and 12 (reports): {@code runbook show} and {@code runbook report}
 * of a real run carry its {@code log} lines and what its handlers did, list a top-level confirm once, and a handler
 * that failed is said again at the end of the run's console, of show, and in the journal.
 */
class ShowReportContentsCliSpec extends Specification {
    @TempDir Path tmp

    def "show and report carry log lines, handler commands, one line per confirm, and the failed handler"() {
        given:
        Path rb = tmp.resolve('report-words.groovy')
        Files.writeString(rb, '''
            runbook('report-words') {
                confirm 'GO', prompt: 'really?'
                step('Collect') { log 'collected 3 things' }
                step('Break') {
                    sh 'exit 3'
                    onFailure { failure -> sh 'exit 7' }
                }
                onFailure { failure ->
                    log 'run handler says hi'
                    sh 'echo cleaning up'
                }
            }
        ''')
        def runs = tmp.resolve('runs')

        when:
        def exec = CliSession.run('exec', rb, '--journal', runs, '--yes', '--confirm', 'GO')
        String id = Files.list(runs).withCloseable { it.findFirst().get().fileName.toString() }
        def show = CliSession.run('show', id, '--journal', runs)
        def report = CliSession.run('report', id, '--journal', runs)

        then: 'the run\'s console ends with the handler that failed'
        exec.exitCode() == 1
        exec.output.readLines().findAll { it.startsWith('⚠ handler failed') } == ["⚠ handler failed — onFailure of 'Break': command exited 7: exit 7"]

        and: 'show: log lines under their step or handler, the handler\'s commands, the confirm once'
        show.exitCode() == 0
        def lines = show.output.readLines()
        lines.any { it ==~ /\d\d:\d\d:\d\d  log +Collect  » collected 3 things/ }
        lines.any { it ==~ /\d\d:\d\d:\d\d  log +onFailure  » run handler says hi/ }
        lines.any { it ==~ /\d\d:\d\d:\d\d  command +onFailure  exit 0.*/ }
        lines.any { it.trim() == 'echo cleaning up' }
        lines.any { it ==~ /\d\d:\d\d:\d\d  command +step onFailure of Break  exit 7.*/ }
        lines.findAll { it =~ /^\d\d:\d\d:\d\d  confirm/ }.size() == 1
        !show.output.contains('not run')
        lines.contains("⚠ handler failed — step onFailure of 'Break': command exited 7: exit 7")

        and: 'report: the same'
        report.exitCode() == 0
        report.output.contains('| log | Collect | » collected 3 things |')
        report.output.contains('| log | onFailure | » run handler says hi |')
        report.output.contains('| command | onFailure | exit 0 |')
        report.output.readLines().findAll { it.contains('| confirm |') }.size() == 1
    }
}
