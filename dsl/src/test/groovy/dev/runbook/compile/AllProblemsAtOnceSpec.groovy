package dev.runbook.compile

import dev.runbook.diag.RunbookProblemsException
import spock.lang.Specification

class AllProblemsAtOnceSpec extends Specification implements CompilesRunbooks {

    def "every problem of a file is reported together, in source order"() {
        when:
        new RunbookCompiler().compile('''\
            runbook('Bad Name') {
                titel 'Restart'
                severity P9
                param 'version', required: true, default: 'v1'
                param 'version'
                step('Restart', timeout: 5.secnds, retyr: 2) { sh 'true' }
                step('Restart') { sh 'true' }
                stpe('Verify') { sh 'curl -fsS http://127.0.0.1/health' }
                sh 'echo hi'
                step('Check', when: { true }, retry: -1) {
                    onFailure { sh 'one' }
                    onFailure { sh 'two' }
                }
                def v = params.version
                confirm 'GO', promt: 'sure?'
            }
            '''.stripIndent(true), 'ops/restart.groovy')

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == [
                "ops/restart.groovy:1:1: runbook name 'Bad Name' is not a slug — use lower-case letters, digits and dashes, e.g. runbook('bad-name')",
                "ops/restart.groovy:2:5: unknown element 'titel' — did you mean 'title'?",
                "ops/restart.groovy:3:14: severity 'P9' is not one of P0, P1, P2, P3 — write P0 (worst) to P3",
                "ops/restart.groovy:4:5: param 'version' is required and has a default — drop required: true or the default",
                "ops/restart.groovy:5:5: param 'version' is declared twice (first at line 4) — keep one declaration",
                "ops/restart.groovy:6:5: unknown option 'retyr:' for step — did you mean 'retry'?",
                "ops/restart.groovy:6:32: '5.secnds' is not a duration — did you mean 5.seconds?",
                "ops/restart.groovy:7:5: step name 'Restart' is used twice (first at line 6) — give each step its own name; plans, journals and resume find steps by name",
                "ops/restart.groovy:8:5: unknown element 'stpe' — did you mean 'step'?",
                "ops/restart.groovy:9:5: 'sh' acts on the world and belongs inside a step — write step('What this does') { sh ... }",
                "ops/restart.groovy:10:5: retry: of step 'Check' must be a whole number of extra attempts (0 to 1000), not '-1' — write retry: 2 to try up to three times",
                "ops/restart.groovy:12:9: a step has one onFailure handler; this is the second — put everything the handler does into the first onFailure { } block",
                "ops/restart.groovy:14:13: 'params' is only available while a step runs, not while the runbook is defined — use it inside step(...) { }, a when: { } condition or a handler",
                "ops/restart.groovy:15:5: unknown option 'promt:' for confirm — did you mean 'prompt'?",
        ]
        e.message == e.problems()*.toString().join('\n')
    }

    def "problems are reported once each, even when a line is evaluated more than once"() {
        expect:
        problemsOf('''\
            runbook('x') {
                ['a', 'b', 'c'].each { n ->
                    step(n, retry: -1) { sh 'true' }
                    titel n
                }
            }
            ''') == [
                "rb.groovy:3:9: retry: of step 'a' must be a whole number of extra attempts (0 to 1000), not '-1' — write retry: 2 to try up to three times",
                "rb.groovy:3:9: retry: of step 'b' must be a whole number of extra attempts (0 to 1000), not '-1' — write retry: 2 to try up to three times",
                "rb.groovy:3:9: retry: of step 'c' must be a whole number of extra attempts (0 to 1000), not '-1' — write retry: 2 to try up to three times",
                "rb.groovy:4:9: unknown element 'titel' — did you mean 'title'?",
        ]
    }
}
