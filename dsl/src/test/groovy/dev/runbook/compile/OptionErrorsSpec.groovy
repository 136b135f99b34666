package dev.runbook.compile

import spock.lang.Specification

class OptionErrorsSpec extends Specification implements CompilesRunbooks {

    def "a misspelt duration unit is reported at the unit's column with the right spelling"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('a', timeout: 5.secnds) { sh 'true' }
            }
            ''') == ["rb.groovy:2:26: '5.secnds' is not a duration — did you mean 5.seconds?"]
    }

    def "a misspelt duration unit is found anywhere, also inside a step body"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('a') {
                    sh(timeout: 30.secods, 'true')
                }
            }
            ''') == ["rb.groovy:3:24: '30.secods' is not a duration — did you mean 30.seconds?"]
    }

    def "a duration unit with nothing close says which units exist"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('a', timeout: 5.fortnights) { sh 'true' }
            }
            ''') == ["rb.groovy:2:26: '5.fortnights' is not a duration — write 5.seconds, 5.minutes or 5.hours"]
    }

    def "evaluation goes on after a bad duration, so later problems are reported too"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('a', timeout: 5.secnds) { sh 'true' }
                step('b', retry: -1) { sh 'true' }
            }
            ''') == [
                "rb.groovy:2:26: '5.secnds' is not a duration — did you mean 5.seconds?",
                "rb.groovy:3:5: retry: of step 'b' must be a whole number of extra attempts (0 to 1000), not '-1' — write retry: 2 to try up to three times",
        ]
    }

    def "a step option of the wrong type is reported: #option"() {
        expect:
        problemsOf("runbook('x') {\n    step('a', $option) { sh 'true' }\n}") == [expected]

        where:
        option                    | expected
        'retry: -1'               | "rb.groovy:2:5: retry: of step 'a' must be a whole number of extra attempts (0 to 1000), not '-1' — write retry: 2 to try up to three times"
        "retry: 'twice'"          | "rb.groovy:2:5: retry: of step 'a' must be a whole number of extra attempts (0 to 1000), not 'twice' — write retry: 2 to try up to three times"
        'timeout: 5'              | "rb.groovy:2:5: timeout: of step 'a' must be a duration, not '5' — write timeout: 5.seconds or 2.minutes"
        "backoff: '10s'"          | "rb.groovy:2:5: backoff: of step 'a' must be a duration, not '10s' — write backoff: 30.seconds or 2.minutes"
        'expected: 0.seconds'     | "rb.groovy:2:5: expected: of step 'a' is zero — write a positive duration such as 30.seconds"
        "idempotent: 'yes'"       | "rb.groovy:2:5: idempotent: of step 'a' must be true or false, not 'yes' — write idempotent: true"
        'continueOnFailure: 1'    | "rb.groovy:2:5: continueOnFailure: of step 'a' must be true or false, not '1' — write continueOnFailure: true"
        "when: 'prod'"            | "rb.groovy:2:5: when: of step 'a' must be a condition block — write when: { params.env == 'prod' }"
    }

    def "every wrong option of one step is reported, not only the first"() {
        expect:
        problemsOf("runbook('x') {\n    step('a', retry: -1, timeout: 5, idempotent: 'yes') { sh 'true' }\n}") == [
                "rb.groovy:2:5: timeout: of step 'a' must be a duration, not '5' — write timeout: 5.seconds or 2.minutes",
                "rb.groovy:2:5: retry: of step 'a' must be a whole number of extra attempts (0 to 1000), not '-1' — write retry: 2 to try up to three times",
                "rb.groovy:2:5: idempotent: of step 'a' must be true or false, not 'yes' — write idempotent: true",
        ]
    }

    def "param mistakes are reported at the param: #what"() {
        expect:
        problemsOf("runbook('x') {\n    step('a') { sh 'true' }\n    $line\n}") == [expected]

        where:
        what                         | line                                                  | expected
        'required with a default'    | "param 'a', required: true, default: 'x'"             | "rb.groovy:3:5: param 'a' is required and has a default — drop required: true or the default"
        'default outside pattern'    | "param 'b', pattern: ~/v\\d+/, default: 'latest'"     | "rb.groovy:3:5: default 'latest' of param 'b' does not match its pattern /v\\d+/ — change the default or the pattern"
        'default outside choices'    | "param 'c', choices: ['blue', 'green'], default: 'red'" | "rb.groovy:3:5: default 'red' of param 'c' is not one of its choices [blue, green] — use one of [blue, green]"
        'pattern that does not parse'| "param 'd', pattern: 'v[0-9'"                         | "rb.groovy:3:5: pattern of param 'd' is not a valid regular expression: Unclosed character class — write a pattern such as ~/v\\d+\\.\\d+\\.\\d+/"
        'choices not a list'         | "param 'e', choices: 'blue'"                          | "rb.groovy:3:5: choices: of param 'e' must be a list — write choices: ['blue', 'green']"
        'required not a boolean'     | "param 'f', required: 'yes'"                          | "rb.groovy:3:5: required: of param must be true or false, not 'yes' — write required: true"
        'name with a space'          | "param 'bad name'"                                    | "rb.groovy:3:5: param name 'bad name' is not a name — use letters, digits and _, e.g. param 'version'"
    }

    def "a param declared twice names the line of the first declaration"() {
        expect:
        problemsOf('''\
            runbook('x') {
                param 'version', required: true
                step('a') { sh 'true' }
                param 'version'
            }
            ''') == ["rb.groovy:4:5: param 'version' is declared twice (first at line 2) — keep one declaration"]
    }

    def "a secret declared twice or with a bad name is reported"() {
        expect:
        problemsOf('''\
            runbook('x') {
                secret 'TOKEN'
                secret 'TOKEN'
                secret 'bad-name'
                step('a') { sh 'true' }
            }
            ''') == [
                "rb.groovy:3:5: secret 'TOKEN' is declared twice — keep one declaration",
                "rb.groovy:4:5: secret name 'bad-name' is not an environment variable name — write secret 'SLACK_WEBHOOK'",
        ]
    }

    def "manual and confirm need their text"() {
        expect:
        problemsOf('''\
            runbook('x') {
                manual ''
                confirm 'TWO WORDS'
            }
            ''') == [
                "rb.groovy:2:5: manual needs the text of what to check — write manual 'Ask a test user to sign in'",
                "rb.groovy:3:5: confirm needs one word the operator must type — write confirm 'EMERGENCY'",
        ]
    }
}
