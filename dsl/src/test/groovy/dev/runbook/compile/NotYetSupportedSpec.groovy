package dev.runbook.compile

import spock.lang.Specification

/**
 * Elements of the language contract that come with later issues. Until then each must give a clear problem at its
 * position, never a Groovy MissingMethodException. Update this file when an element is implemented.
 */
class NotYetSupportedSpec extends Specification implements CompilesRunbooks {

    def "#element gives a 'not supported yet' problem at its position with what to do meanwhile"() {
        when:
        def problems = problemsOf("runbook('x') {\n    step('a') { sh 'true' }\n    $line\n}")

        then:
        problems == ["rb.groovy:3:5: '$element' is not supported yet in this version of Runbook — $hint".toString()]
        !problems.any { it.contains('MissingMethod') || it.contains('No signature') }

        where:
        element           | line                                                           | hint
        'parallel'        | "parallel { step('b') { sh 'true' } }"                         | 'write the steps one after another for now'
        'forEach'         | "forEach(['h1', 'h2'], concurrency: 10, maxErrors: 1) { t -> sh \"ssh \$t\" }" | 'loop inside one step for now: step(\'All hosts\') { hosts.each { h -> sh "..." } }'
    }

    def "not-yet elements are reported together with the other problems, those of includes too"() {
        expect:
        problemsOf('''\
            runbook('x') {
                parallel { step('a') { sh 'true' } }
                titel 'x'
                include 'stdlib:no/such-runbook'
            }
            ''')*.replaceAll(/ — .*/, '') == [
                "rb.groovy:2:5: 'parallel' is not supported yet in this version of Runbook",
                "rb.groovy:3:5: unknown element 'titel'",
                "rb.groovy:4:5: there is no standard runbook 'no/such-runbook'",
        ]
    }
}
