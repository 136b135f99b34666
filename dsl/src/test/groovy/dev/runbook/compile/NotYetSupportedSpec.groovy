package dev.runbook.compile

import spock.lang.Specification

/**
 * Elements of the language contract that come with later issues. Until then each must give a clear problem at its
 * position, never a Groovy MissingMethodException. Update this file when an element is implemented
 * (parallel and forEach are: see dev.runbook.fanout).
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
        'include'         | "include 'stdlib:k8s/rollout-undo', with: [ns: 'prod']"        | 'copy the steps you need for now'
    }

    def "all not-yet elements of a file are reported together with the other problems"() {
        expect:
        problemsOf('''\
            runbook('x') {
                include 'stdlib:k8s/rollout-undo'
                titel 'x'
            }
            ''')*.replaceAll(/ — .*/, '') == [
                "rb.groovy:2:5: 'include' is not supported yet in this version of Runbook",
                "rb.groovy:3:5: unknown element 'titel'",
        ]
    }
}
