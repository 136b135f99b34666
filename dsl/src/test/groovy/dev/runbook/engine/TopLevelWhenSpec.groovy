package dev.runbook.engine

import dev.runbook.compile.RunbookCompiler
import dev.runbook.console.PlanRenderer
import dev.runbook.console.Style
import dev.runbook.diag.RunRefusedException
import dev.runbook.diag.RunbookProblemsException
import dev.runbook.testing.RunHarness
import dev.runbook.testing.ScriptedOperator
import dev.runbook.testing.VirtualClock
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * {@code when:} on a top-level {@code requireApproval}, {@code confirm} and {@code manual} (as a step's: a false
 * condition skips the node, journaled with the reason; the plan says so), and the words {@code --confirm} types
 * where {@code --yes} types none.
 */
class TopLevelWhenSpec extends Specification {
    static final String RUNBOOK = """
        runbook('guarded') {
            param 'env', required: true
            step('Prepare') { log 'prepared' }
            requireApproval role: 'lead', within: 5.minutes, when: { params.env == 'prod' }
            confirm 'RESTART', when: { params.env == 'prod' }
            manual 'Tell #incidents', when: { params.env == 'prod' }
            step('Change') { log 'changed' }
        }
    """

    @TempDir Path tmp
    RunHarness harness

    def setup() {
        harness = new RunHarness(tmp.resolve('runs'))
        harness.clock = new VirtualClock()
    }

    def "a false when: skips the approval, the confirm and the manual item, each journaled as skipped with the reason"() {
        given: 'nobody could answer any of them: skipping is the only way through'
        harness.params = [env: 'staging']
        harness.operator = new ScriptedOperator()

        when:
        def result = harness.run(RUNBOOK)

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.events('step.skipped').collect { [it.str('step'), it.str('reason')] } == [
                ['approval lead', 'when: condition is false'],
                ['confirm RESTART', 'when: condition is false'],
                ['Tell #incidents', 'when: condition is false']]
        harness.events('approval.requested').isEmpty()
        harness.events('operator.asked').isEmpty()
        harness.events('step.finished')*.str('step') == ['Prepare', 'Change']
    }

    def "a true when: asks each of them as before"() {
        given:
        harness.params = [env: 'prod']
        harness.approvedBy = ['alice:lead']
        harness.operator = new ScriptedOperator()

        when:
        def result = harness.run(RUNBOOK)

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.events('step.skipped').isEmpty()
        harness.event('approval.granted').str('by') == 'alice'
        harness.events('operator.answered')*.str('kind') == ['confirm', 'manual']
    }

    def "the plan shows which of them are conditional"() {
        given:
        def out = new ByteArrayOutputStream()

        when:
        new PlanRenderer(new PrintStream(out, true, 'UTF-8'), new Style(false)).render(new RunbookCompiler().compile(RUNBOOK, 'x.groovy'))
        def lines = out.toString('UTF-8').readLines()

        then:
        lines.find { it.contains('approval lead') }.contains('only when its condition holds')
        lines.find { it.contains('types RESTART') }.contains('only when its condition holds')
        lines.find { it.contains('Tell #incidents') }.contains('only when its condition holds')
    }

    def "when: must be a condition block on #element"() {
        when:
        new RunbookCompiler().compile("runbook('x') {\n    $element, when: 'prod'\n}", 'x.groovy')

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["x.groovy:2:5: when: of ${name} must be a condition block — write when: { params.env == 'prod' }".toString()]

        where:
        element                         || name
        "requireApproval role: 'lead'"  || 'requireApproval'
        "confirm 'GO'"                  || 'confirm'
        "manual 'Check'"                || 'manual'
    }

    def "--yes types no confirm word: an unattended run is refused before anything runs, saying what to pass"() {
        given:
        harness.operator = Operator.YES

        when:
        harness.run("runbook('restart') {\n    step('Prepare') { log 'prepared' }\n    confirm 'RESTART'\n}")

        then:
        def e = thrown(RunRefusedException)
        e.problems()*.toString() == ["x.groovy:3:5: confirm 'RESTART' needs its word typed, and nobody at a terminal will type it "
                + "(--yes types no confirm word) — pass --confirm RESTART"]
        !tmp.resolve('runs').toFile().list()?.any { it ==~ /\d{8}-.*/ }
    }

    def "--confirm types the word, journaled as typed up front"() {
        given:
        harness.operator = Operator.typing(Operator.YES, ['RESTART'])
        harness.params = [env: 'prod']
        harness.approvedBy = ['alice:lead']

        when:
        def result = harness.run(RUNBOOK)

        then:
        result.outcome() == Outcome.SUCCEEDED
        harness.events('operator.answered').collect { [it.str('kind'), it.str('by')] } == [['confirm', '--confirm'], ['manual', '--yes']]
    }

    def "a confirm inside a step also needs its word given to an unattended run"() {
        given:
        harness.operator = Operator.typing(Operator.NOBODY, ['OTHER'])

        when:
        harness.run("runbook('x') {\n    step('Failover') {\n        confirm 'EMERGENCY'\n    }\n}")

        then:
        def e = thrown(RunRefusedException)
        e.problems()*.toString() == ["x.groovy:2:5: confirm 'EMERGENCY' in step 'Failover' needs its word typed, and nobody at a terminal "
                + "will type it (--yes types no confirm word) — pass --confirm EMERGENCY"]
    }

    def "a confirm word behind a when: does not refuse the run up front; asked without its word, it stops the run (#mode)"() {
        given:
        harness.operator = Operator.YES
        harness.params = [mode: mode]

        when:
        def result = harness.run("""
            runbook('emergency') {
                param 'mode', required: true
                step('Confirm the emergency', when: { params.mode == 'manual' }) { confirm 'EMERGENCY' }
                step('Roll back') { log 'rolled back' }
            }
        """)

        then:
        result.outcome() == outcome
        result.failure()?.message == failure
        harness.events('step.log')*.str('text') == (outcome == Outcome.SUCCEEDED ? ['rolled back'] : [])

        where:
        mode        || outcome           | failure
        'automated' || Outcome.SUCCEEDED | null
        'manual'    || Outcome.ABORTED   | 'nobody typed EMERGENCY (--yes types no confirm word): pass --confirm EMERGENCY'
    }
}
