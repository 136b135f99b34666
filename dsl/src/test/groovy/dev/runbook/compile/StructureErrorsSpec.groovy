package dev.runbook.compile

import spock.lang.Specification

class StructureErrorsSpec extends Specification implements CompilesRunbooks {

    def "a step name used twice names the line of the first one"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('Restart') { sh 'true' }
                manual 'check'
                step('Restart') { sh 'false' }
            }
            ''') == ["rb.groovy:4:5: step name 'Restart' is used twice (first at line 2) — give each step its own name; plans, journals and resume find steps by name"]
    }

    def "a runbook name that is not a slug suggests one"() {
        expect:
        problemsOf("runbook('$name') {\n    step('a') { sh 'true' }\n}") ==
                ["rb.groovy:1:1: runbook name '$name' is not a slug — use lower-case letters, digits and dashes, e.g. runbook('$slug')".toString()]

        where:
        name               | slug
        'My Runbook'       | 'my-runbook'
        'Restart_API!'     | 'restart-api'
        '-leading-dash'    | 'leading-dash'
    }

    def "a second runbook block in the same file is reported at its line"() {
        expect:
        problemsOf('''\
            runbook('one') {
                step('a') { sh 'true' }
            }
            runbook('two') {
                step('a') { sh 'true' }
            }
            ''') == ['rb.groovy:4:1: a file holds one runbook; this is the second runbook(...) block — move it to a file of its own']
    }

    def "a file without a runbook says how to start one"() {
        expect:
        problemsOf(text) == ["rb.groovy:1:1: the file defines no runbook — write runbook('my-runbook') { step('First') { sh 'echo hello' } }"]

        where:
        text << ['', '// just a comment\n', 'def x = 1\n']
    }

    def "runbook without a name or a body says how to write it"() {
        expect:
        problemsOf(text) == ["rb.groovy:1:1: runbook needs a name and a body — write runbook('my-runbook') { step('First') { sh 'echo hello' } }"]

        where:
        text << ["runbook('x')\n", "runbook {\n    step('a') { sh 'true' }\n}\n"]
    }

    def "elements written outside runbook { } are reported where they are"() {
        expect:
        problemsOf('''\
            step('a') { sh 'true' }
            runbook('x') {
                step('b') { sh 'true' }
            }
            param 'version'
            ''') == [
                "rb.groovy:1:1: 'step' must be inside runbook('name') { ... } — move it into the runbook block",
                "rb.groovy:5:1: 'param' must be inside runbook('name') { ... } — move it into the runbook block",
        ]
    }

    def "an unknown element at the top of the file suggests runbook"() {
        expect:
        problemsOf("runbok('x') {\n    step('a') { sh 'true' }\n}") ==
                ["rb.groovy:1:1: unknown element 'runbok' — did you mean 'runbook'?"]
    }

    def "#word directly inside runbook { } belongs inside a step"() {
        expect:
        problemsOf("runbook('x') {\n    $line\n    step('a') { sh 'true' }\n}") ==
                ["rb.groovy:2:5: '$word' acts on the world and belongs inside a step — write step('What this does') { $word ... }".toString()]

        where:
        line                                  | word
        "sh 'docker compose restart api'"     | 'sh'
        "log 'starting'"                      | 'log'
        "notify slack: '#ops', text: 'hi'"    | 'notify'
    }

    def "#what read while the runbook is defined is reported at its column"() {
        expect:
        problemsOf("runbook('x') {\n    $line\n    step('a') { sh 'true' }\n}") ==
                ["rb.groovy:2:$col: '$what' is only available while a step runs, not while the runbook is defined — use it inside step(...) { }, a when: { } condition or a handler".toString()]

        where:
        line                                  | what      | col
        'def v = params.version'              | 'params'  | 13
        'title "Deploy ${params.version}"'    | 'params'  | 21
        'title "Token ${secrets.TOKEN}"'      | 'secrets' | 20
        'title env.HOME'                      | 'env'     | 11
    }

    def "a step without a body says how to write one"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('Restart')
                step('Verify', timeout: 5.seconds)
            }
            ''') == [
                "rb.groovy:2:5: step 'Restart' has no body — write step('Restart') { sh '...' }",
                "rb.groovy:3:5: step 'Verify' has no body — write step('Verify') { sh '...' }",
        ]
    }

    def "a step without a name says how to name it"() {
        expect:
        problemsOf("runbook('x') {\n    step('') { sh 'true' }\n}") ==
                ["rb.groovy:2:5: a step needs a name — write step('Restart api') { ... }"]
    }

    def "a second onFailure in one step is reported at the second one"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('a') {
                    sh 'true'
                    onFailure { sh 'one' }
                    onFailure { sh 'two' }
                }
            }
            ''') == ['rb.groovy:5:9: a step has one onFailure handler; this is the second — put everything the handler does into the first onFailure { } block']
    }

    def "a second runbook-level onFailure or always is reported"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('a') { sh 'true' }
                onFailure { sh 'one' }
                onFailure { sh 'two' }
                always { sh 'a' }
                always { sh 'b' }
            }
            ''') == [
                'rb.groovy:4:5: the runbook has one onFailure handler; this is the second — merge them into one block',
                'rb.groovy:6:5: the runbook has one always handler; this is the second — merge them into one block',
        ]
    }

    def "an unknown severity #written is reported at its column"() {
        expect:
        problemsOf("runbook('x') {\n    $written\n    step('a') { sh 'true' }\n}") == [expected]

        where:
        written          | expected
        'severity P9'    | "rb.groovy:2:14: severity 'P9' is not one of P0, P1, P2, P3 — write P0 (worst) to P3"
        "severity 'P7'"  | "rb.groovy:2:5: severity 'P7' is not one of P0, P1, P2, P3 — write severity P1"
    }

    def "an error thrown while the file is evaluated names the line, without a stack trace"() {
        expect:
        problemsOf('''\
            runbook('x') {
                title 'ok'
                def n = 1 / 0
                step('a') { sh 'true' }
            }
            ''') == ['rb.groovy:3: error while reading the runbook: Division by zero — fix this line; evaluating a runbook must only declare things']
    }
}
