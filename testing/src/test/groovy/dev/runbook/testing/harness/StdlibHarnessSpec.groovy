package dev.runbook.testing.harness

import dev.runbook.compile.StdlibCatalog
import dev.runbook.testing.RunbookSpecification

/** {@code stdlib 'group/name'} in a spec: a standard runbook from the class path (here: the test resource demo/echo). */
class StdlibHarnessSpec extends RunbookSpecification {
    def "stdlib loads a standard runbook by id and runs it against the fakes"() {
        given:
        stdlib 'demo/echo'
        shell.on(~/echo .*/) { stdout 'hello' }

        when:
        def result = run(message: 'hello')

        then:
        runbook.source() == 'stdlib:demo/echo.groovy'
        result.succeeded
        ran 'echo hello'
    }

    def "an id with stdlib: in front works the same"() {
        expect:
        stdlib('stdlib:demo/echo').name() == 'echo'
    }

    def "an unknown id fails the spec with the close matches"() {
        when:
        stdlib 'demo/ecko'

        then:
        def e = thrown(StdlibCatalog.UnknownRunbookException)
        e.message == "no standard runbook 'stdlib:demo/ecko' — did you mean 'stdlib:demo/echo'?"
    }
}
