package dev.runbook.engine

import dev.runbook.compile.RunbookCompiler
import dev.runbook.diag.RunbookProblemsException
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/** Files that ended in an internal error, a stack trace, or no answer: each gets one clear line, at check time. */
class EdgeCasesSpec extends Specification {
    @TempDir Path tmp

    def "a runbook file named #name runs as it checks (its name is not taken for params, secrets, env, run or a type)"() {
        given:
        def runner = new RunbookRunner(tmp.resolve('runs'))
        runner.fileName = name
        runner.environment = [TOKEN: 's3cret', HOME: '/home/x']

        when:
        def run = runner.run('''
            runbook('named') {
                param 'x', default: 'v'
                secret 'TOKEN'
                step('S') {
                    log "p=${params.x} e=${env.HOME} s=${secrets.TOKEN.length()} id=${run.id != null}"
                    sh 'echo ok'
                }
            }
        ''')

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        run.logs('S') == ['p=v e=/home/x s=6 id=true']

        where:
        name << ['secrets.groovy', 'params.groovy', 'env.groovy', 'run.groovy', 'double.groovy', 'int.groovy', 'steps.groovy']
    }

    @Timeout(60)
    def "#depth nested parentheses: one problem at the first parenthesis too deep, promptly"() {
        given:
        def text = "runbook('deep') {\n    step('S') { def v = ${'(' * depth}1${')' * depth} }\n}\n"

        when:
        new RunbookCompiler().compile(text, 'deep.groovy')

        then:
        def e = thrown(RunbookProblemsException)
        // runbook's { and step's { are two levels: the 99th parenthesis, from column 25, is the 101st level
        e.problems()*.toString() == ["deep.groovy:2:${25 + 98}: brackets nested more than 100 deep — "
                + "split the expression: give its inner parts names with def".toString()]

        where:
        depth << [500, 2_000]
    }

    def "top-level code that calls itself without end is one problem, not a stack trace"() {
        given:
        def text = "def again(n) { again(n + 1) }\nagain(0)\nrunbook('loop') { step('S') { sh 'true' } }\n"

        when:
        new RunbookCompiler().compile(text, 'loop.groovy')

        then:
        def e = thrown(RunbookProblemsException)
        e.problems().size() == 1
        e.problems()[0].toString().startsWith('loop.groovy:1:')
        e.problems()[0].toString().contains('calls itself without end (StackOverflowError)')
        !e.problems()[0].toString().contains('\n')
    }

    def "a file that is not UTF-8 says so and where, not to check its permissions"() {
        given:
        def file = tmp.resolve('latin1.groovy')
        Files.write(file, "runbook('x') {\n    // caf\u00e9\n    step('S') { sh 'true' }\n}\n".getBytes('ISO-8859-1'))

        when:
        new RunbookCompiler().compile(file)

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["${file}:2:11: the file is not UTF-8 text (byte 0xE9) — save it as UTF-8".toString()]
    }

    def "a team file's policy for an unknown severity is one line naming the severities, not 'did you mean policy'"() {
        given:
        def file = tmp.resolve('team.groovy')
        Files.writeString(file, "team {\n    member 'alice', role: 'lead'\n    policy P9, role: 'lead'\n}\n")

        when:
        new RunbookCompiler().compileTeam(file)

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["${file}:3:12: severity 'P9' is not one of P0, P1, P2, P3 — write policy P0 (worst) to P3".toString()]
    }

    def "a team file's policy its own roster can never meet is refused with the team's numbers"() {
        given:
        def file = tmp.resolve('team.groovy')
        Files.writeString(file, "team {\n    member 'alice', role: 'manager'\n    member 'bob', roles: ['manager', 'lead']\n"
                + "    member 'carol', role: 'lead'\n    policy P2, role: 'manager', count: 3\n}\n")

        when:
        new RunbookCompiler().compileTeam(file)

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["${file}:5:5: policy P2 can never be met: 3 distinct approvers with the role 'manager' are needed, "
                + "and the team file ${file} has 2 (alice, bob) — lower its count:, or add members who hold the role".toString()]
    }

    @Timeout(120) // without the check, the run waited for ever at the approval
    def "requireApproval count: 3 with two eligible people in the team is refused before the run opens, with where and the numbers"() {
        given:
        def team = tmp.resolve('team.groovy')
        Files.writeString(team, "team {\n    member 'alice', role: 'lead'\n    member 'bob', role: 'lead'\n    member 'carol', role: 'dev'\n}\n")
        def runner = new RunbookRunner(tmp.resolve('runs'))
        runner.team = new RunbookCompiler().compileTeam(team)

        when:
        runner.run('''
            runbook('three') {
                step('S') { sh 'true' }
                requireApproval role: 'lead', count: 3
                step('T') { sh 'true' }
            }
        ''')

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["x.groovy:4:17: requireApproval can never be met: 3 distinct approvers with the role 'lead' are "
                + "needed, and the team file ${team} has 2 (alice, bob) — lower count: to what the team can give, or add people to the team file".toString()]
        runner.nothingJournaled()
    }
}
