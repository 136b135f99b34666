package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * runbook wrapper without the network: where the URL comes from when --url is not given. (Fetching and runbookw
 * itself: WrapperSpec, on the release tarball.)
 */
class WrapperCommandSpec extends Specification {
    static final String SUM = 'ab' * 32

    @TempDir
    Path dir

    def "without --url, a pin to derive it from, or a place this build knows, wrapper says --url is needed (exit 2) and writes nothing"() {
        when:
        def run = CliRun.of('wrapper', '--version', '0.3.0', '--sha256', SUM, '--dir', dir.toString())

        then:
        run.exitCode == 2
        run.err.trim() == "runbook wrapper: --url is needed — this build of runbook knows no place where releases are published" +
                " and ${dir.resolve(WrapperPin.PROPERTIES)} pins none to derive it from; give --url URL of runbook-0.3.0.tar.gz" +
                " (where your team keeps it: file:// or http(s)://)"
        !run.hasStackTrace
        Files.list(dir).withCloseable { it.count() } == 0
    }

    def "without --url, the existing pin's URL is taken with its version replaced"() {
        given:
        CliRun.of('wrapper', '--version', '0.2.0', '--url', 'https://dl.example.com/runbook/0.2.0/runbook-0.2.0.tar.gz',
                '--sha256', SUM, '--dir', dir.toString())

        when:
        def run = CliRun.of('wrapper', '--version', '0.3.0', '--sha256', SUM, '--dir', dir.toString())

        then:
        run.exitCode == 0
        Files.readString(dir.resolve(WrapperPin.PROPERTIES)).contains('distributionUrl=https://dl.example.com/runbook/0.3.0/runbook-0.3.0.tar.gz\n')
        run.out.contains('(was 0.2.0: https://dl.example.com/runbook/0.2.0/runbook-0.2.0.tar.gz)')
    }

    def "wrapper --help names no download place this build does not know"() {
        when:
        def run = CliRun.of('wrapper', '--help')

        then:
        run.exitCode == 0
        !run.out.contains('runbook-dev')
        run.out.replaceAll(/\s+/, ' ').contains('default: the pinned URL with its version replaced, else the place this release was' +
                ' published (when it was built with one); otherwise required')
    }
}
