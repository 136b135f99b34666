package dev.runbook.compile

import spock.lang.Specification

class SmokeSpec extends Specification {
    def "a runbook with one step compiles into a definition with that step"() {
        when:
        def rb = new RunbookCompiler().compile("runbook('one') { step('First') { sh 'true' } }", 'one.groovy')

        then:
        rb.name() == 'one'
        rb.steps()*.name() == ['First']
        rb.steps()[0].body().commands() == ["sh 'true'"]
    }
}
