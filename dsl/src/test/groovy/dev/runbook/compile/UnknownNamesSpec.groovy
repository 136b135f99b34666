package dev.runbook.compile

import spock.lang.Specification

class UnknownNamesSpec extends Specification implements CompilesRunbooks {

    def "a misspelt element '#typo' suggests '#meant' at its position"() {
        expect:
        problemsOf("runbook('x') {\n    step('a') { sh 'true' }\n    $line\n}") ==
                ["rb.groovy:3:5: unknown element '$typo' — did you mean '$meant'?".toString()]

        where:
        line                         | typo        | meant
        "titel 'Hello'"              | 'titel'     | 'title'
        "stpe('b') { sh 'true' }"    | 'stpe'      | 'step'
        "parm 'version'"             | 'parm'      | 'param'
        "secert 'TOKEN'"             | 'secert'    | 'secret'
        "onFailre { sh 'x' }"        | 'onFailre'  | 'onFailure'
        "descripton 'text'"          | 'descripton'| 'description'
    }

    def "an unknown element with nothing close lists the elements there are"() {
        expect:
        problemsOf("runbook('x') {\n    frobnicate 'x'\n}") == [
                "rb.groovy:2:5: unknown element 'frobnicate' — the elements are " + dev.runbook.lang.RunbookSpec.ELEMENTS.join(', ')]
    }

    def "an unknown option of #element suggests the right one"() {
        expect:
        problemsOf("runbook('x') {\n    step('a') { sh 'true' }\n    $line\n}") == [expected]

        where:
        element   | line                                              | expected
        'step'    | "step('b', tmeout: 5.seconds) { sh 'true' }"      | "rb.groovy:3:5: unknown option 'tmeout:' for step — did you mean 'timeout'?"
        'step'    | "step('b', rety: 2) { sh 'true' }"                | "rb.groovy:3:5: unknown option 'rety:' for step — did you mean 'retry'?"
        'param'   | "param 'p', requird: true"                        | "rb.groovy:3:5: unknown option 'requird:' for param — did you mean 'required'?"
        'param'   | "param 'p', defualt: 'x'"                         | "rb.groovy:3:5: unknown option 'defualt:' for param — did you mean 'default'?"
        'secret'  | "secret 'S', requierd: false"                     | "rb.groovy:3:5: unknown option 'requierd:' for secret — did you mean 'required'?"
        'confirm' | "confirm 'GO', promt: 'really?'"                  | "rb.groovy:3:5: unknown option 'promt:' for confirm — did you mean 'prompt'?"
    }

    def "an unknown option with nothing close lists the options of that element"() {
        expect:
        problemsOf("runbook('x') {\n    step('a', colour: 'red') { sh 'true' }\n}") == [
                "rb.groovy:2:5: unknown option 'colour:' for step — the options are backoff, continueOnFailure, expected, idempotent, onFailure, retry, timeout, when"]
    }

    def "an unknown name read inside runbook { } suggests a close element"() {
        expect:
        problemsOf("runbook('x') {\n    title tittle\n    step('a') { sh 'true' }\n}") ==
                ["rb.groovy:2:11: unknown name 'tittle' — did you mean 'title'?"]
    }

    def "an unknown name with nothing close says how to declare it"() {
        expect:
        problemsOf("runbook('x') {\n    title serviceName\n    step('a') { sh 'true' }\n}") ==
                ["rb.groovy:2:11: unknown name 'serviceName' — declare it as a variable before runbook(...) or use a param"]
    }

    def "a known element called the wrong way says how to write it, not 'did you mean' itself"() {
        expect:
        problemsOf("runbook('x') {\n    step('a') { sh 'true' }\n    $line\n}") == [expected]

        where:
        line                    | expected
        "step { sh 'true' }"    | "rb.groovy:3:5: 'step' is not written like this — write step('Restart api', timeout: 2.minutes) { sh '...' }"
        'title 42'              | "rb.groovy:3:5: 'title' is not written like this — write title 'Roll the API back'"
        'title'                 | "rb.groovy:3:5: 'title' is an element of the runbook, not a value — write title 'Roll the API back'"
    }
}
