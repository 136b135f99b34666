package dev.runbook.cli

import spock.lang.Specification

class HelpAndVersionSpec extends Specification {

    def "--help lists the exec, plan and check commands and what each exit code means"() {
        when:
        def run = CliRun.of('--help')

        then:
        run.exitCode == 0
        run.out =~ /(?m)^\s+exec\s+Run a runbook/
        run.out =~ /(?m)^\s+plan\s+Show what would run/
        run.out =~ /(?m)^\s+check\s+Compile and lint/
        run.out.replaceAll(/\s+/, ' ').contains('0 succeeded, 1 the runbook failed, 2 bad input, 3 aborted by the operator, 4 journal or environment error')
        run.err.isEmpty()
    }

    def "runbook without a command shows the same usage instead of failing"() {
        expect:
        CliRun.of().with { exitCode == 0 && out.contains('Usage: runbook') && out =~ /(?m)^\s+exec\s/ }
    }

    def "--help of a command shows that command's options"() {
        when:
        def run = CliRun.of('exec', '--help')

        then:
        run.exitCode == 0
        ['--dry-run', '--yes', '--severity', '--journal', '--param'].every { run.out.contains(it) }
    }

    def "--version names the release, the commit it was built from, the Groovy and the Java it runs on"() {
        when:
        def run = CliRun.of('--version')
        def pomVersion = (new File('pom.xml').text =~ /(?s)<parent>.*?<version>([^<]+)<\/version>/)[0][1]

        then: 'the POM\'s version, and the commit this checkout is at (the build ran in it; outside git: unknown)'
        run.exitCode == 0
        run.out.trim() == "runbook ${pomVersion} (commit ${headCommit()?.take(12) ?: 'unknown'}, Groovy ${GroovySystem.version}, Java ${Runtime.version().feature()})"
    }

    private static String headCommit() {
        def git = new ProcessBuilder('git', 'rev-parse', 'HEAD').redirectErrorStream(true).start()
        def out = git.inputStream.text.trim()
        git.waitFor() == 0 ? out : null
    }

    def "an unknown command exits 2 and points at --help, without a stack trace"() {
        when:
        def run = CliRun.of('deploy', 'prod.groovy')

        then:
        run.exitCode == 2
        run.err.contains("Try 'runbook --help'.")
        !run.hasStackTrace
    }

    def "--help lists every command (a command line that names one builds only that one)"() {
        when:
        def run = CliRun.of('--help')

        then:
        ['exec', 'plan', 'check', 'approve', 'repl', 'completion', 'runs', 'show', 'resume', 'report', 'help'].every {
            run.out =~ /(?m)^\s+${it}\s+\S/
        }
    }

    def "help COMMAND shows that command's usage"() {
        when:
        def run = CliRun.of('help', 'plan')

        then:
        run.exitCode == 0
        run.out.contains('Usage: runbook plan')
    }

    def "a bad option of a command names that command's --help"() {
        when:
        def run = CliRun.of('exec', '--no-such-option', 'rb.groovy')

        then:
        run.exitCode == 2
        run.err.contains("Unknown option: '--no-such-option'")
        run.err.contains("Try 'runbook exec --help'.")
    }
}
