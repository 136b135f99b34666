package dev.runbook.serve

import dev.runbook.cli.CliRun
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/** {@code runbook serve}'s answers when it cannot serve: exit codes and one line, never a stack trace. */
class ServeCommandSpec extends Specification {
    @TempDir Path tmp

    def "a port another server holds: exit code 4 and what to do"() {
        given:
        def taken = new ServerSocket(0, 1, InetAddress.loopbackAddress)

        when:
        def r = CliRun.of('serve', '--journal', tmp.resolve('runs').toString(), '--port', taken.localPort as String)

        then:
        r.exitCode == 4
        r.err.contains("cannot listen on 127.0.0.1:${taken.localPort}")
        r.err.contains('--port')
        !r.hasStackTrace

        cleanup:
        taken.close()
    }

    def "bad input: exit code 2 and what is wrong"() {
        when:
        def r = CliRun.of(['serve', '--journal', tmp.resolve('runs').toString(), '--port', '0', *args] as String[])

        then:
        r.exitCode == 2
        r.err.contains(says)
        !r.hasStackTrace

        where:
        args                                 | says
        ['--public-url', 'not a url']        | '--public-url not a url is not an http(s) URL'
        ['--trust-proxy', 'no.such.host.invalid'] | 'not an address'
        ['--user-header', 'X Bad']           | 'is not a header name'
        ['--link-minutes', '0']              | '--link-minutes 0 must be 1 to 1440'
    }
}
