package dev.runbook.compile

import dev.runbook.diag.RunbookProblemsException
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * A runbook or team file that would end the tool ({@code System.exit}, {@code Runtime.halt}) or run code while it
 * compiles ({@code @ASTTest}) is refused at compile time, at its line and column, before any of it runs.
 * Before the guard, {@code System.exit(0)} at the top of a runbook ended {@code check} (and this spec's JVM) with
 * exit 0 and no output, and {@code @ASTTest} ran its code inside {@code check}.
 */
class ProcessEndGuardSpec extends Specification implements CompilesRunbooks {
    @TempDir
    Path dir

    def "each spelling of ending the tool is refused at its line:col with what to write instead: #spelling"() {
        when:
        def problems = problemsOf("""\
            runbook('x') {
                step('Stop') { ${spelling} }
            }
            """)

        then:
        problems.size() == 1
        problems[0].startsWith('rb.groovy:2:')
        problems[0].contains('would end the tool')
        problems[0].contains("fail 'why'")

        where:
        spelling << [
                'System.exit(0)',
                'java.lang.System.exit(1)',
                'Runtime.getRuntime().halt(0)',
                'Runtime.runtime.exit(0)',
                'Runtime.getRuntime().exit(3)',
                'def end = System.&exit; end(0)',
        ]
    }

    def "top-level code that ends the tool never runs: the file is refused before it is evaluated"() {
        given: 'the canary is written by the line before the exit: if evaluation started, it would exist'
        def canary = dir.resolve('evaluated.txt')

        when:
        def problems = problemsOf("""\
            new File('${canary}').text = 'evaluated'
            System.exit(0)
            runbook('x') { step('A') { log 'a' } }
            """)

        then:
        problems == ["rb.groovy:2:1: System.exit(…) would end the tool, not the step — a runbook ends by failing a step (fail 'why') or by the operator's abort; ending the tool would skip the journal and every handler"]
        !Files.exists(canary)
    }

    def "a static import of exit is refused at the import, with every other problem of the file at once"() {
        when:
        def problems = problemsOf("""\
            import static java.lang.System.exit
            runbook('x') {
                step('A') { Runtime.getRuntime().halt(1) }
                step('B') { sh 'ok', timeout: 5.secnds }
            }
            """)

        then:
        problems.any { it.startsWith('rb.groovy:1:1: importing java.lang.System.exit') }
        problems.any { it.startsWith('rb.groovy:3:') && it.contains('Runtime.getRuntime().halt(…)') }
    }

    def "@ASTTest is refused and its code does not run while the file compiles"() {
        given:
        def canary = dir.resolve('compile-time.txt')

        when:
        def problems = problemsOf("""\
            @groovy.transform.ASTTest(value = { new File('${canary}').text = 'ran at compile time' })
            def x = 1
            runbook('x') { step('A') { log 'a' } }
            """)

        then:
        problems.size() == 1
        problems[0].startsWith('rb.groovy:1:1: @ASTTest runs its code while the file compiles')
        !Files.exists(canary)
    }

    def "a team file that calls System.exit is refused the same way"() {
        given:
        def team = Files.writeString(dir.resolve('runbook.team.groovy'), """\
            team {
                member 'alice', role: 'lead'
            }
            System.exit(0)
            """.stripIndent(true))

        when:
        new RunbookCompiler().compileTeam(team)

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["${team}:4:1: System.exit(…) would end the tool, not the step — a runbook ends by failing a step (fail 'why') or by the operator's abort; ending the tool would skip the journal and every handler".toString()]
    }

    def "names that only look alike are not refused: a method named exit on anything else, a variable called System"() {
        when:
        def rb = compile("""\
            class Door { boolean open = true; void exit() { open = false } }
            runbook('x') {
                step('A') {
                    def door = new Door()
                    door.exit()
                    def shell = [exit: { code -> code }]
                    shell.exit(2)
                }
            }
            """)

        then:
        rb.steps()*.name() == ['A']
    }
}
