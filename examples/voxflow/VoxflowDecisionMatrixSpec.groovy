import dev.runbook.testing.RunbookSpecification
import spock.lang.Unroll

/** decision-matrix.groovy: the page's matrix, row by row, and the call posted to the team. */
class VoxflowDecisionMatrixSpec extends RunbookSpecification {
    def setup() {
        load 'decision-matrix.groovy'
    }

    @Unroll
    def "5xx #errors%, p95 #p95 ms, down #down min, data loss #loss: #severity"() {
        when:
        def result = run(errorRatePercent: errors, p95Ms: p95, outageMinutes: down, dataLoss: loss)

        then:
        result.succeeded
        result.step('Classify').value.startsWith("$severity: $action")
        notified slack: '#voxflow-incidents', text: ~/^Triage: $severity: /

        where:
        errors | p95  | down | loss  || severity | action
        '0.2'  | 400  | 6    | 'no'  || 'P0'     | 'emergency rollback now'
        '31'   | 900  | 0    | 'no'  || 'P0'     | 'emergency rollback now'
        '0.1'  | 300  | 0    | 'yes' || 'P0'     | 'emergency rollback now'
        '7.5'  | 1200 | 0    | 'no'  || 'P1'     | 'roll back within 15 minutes'
        '0.5'  | 3400 | 0    | 'no'  || 'P1'     | 'roll back within 15 minutes'
        '1.0'  | 800  | 4    | 'no'  || 'P2'     | 'fix forward within 4 hours'
        '0.3'  | 1500 | 0    | 'no'  || 'P2'     | 'fix forward within 4 hours'
        '0.3'  | 1499 | 0    | 'no'  || 'P3'     | 'monitor'
    }

    def "an operator who disagrees with the call stops the run, and nothing is posted"() {
        given:
        operatorAnswers manual: false

        when:
        def result = run(errorRatePercent: '7.5', p95Ms: '1200')

        then:
        result.aborted
        notifications.isEmpty()
    }
}
