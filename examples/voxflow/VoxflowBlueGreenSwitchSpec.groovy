import dev.runbook.testing.RunbookSpecification

/** blue-green-switch.groovy: traffic to the idle slot, checked first, and back when the switch does not hold. */
class VoxflowBlueGreenSwitchSpec extends RunbookSpecification {
    static final String HEALTH = 'https://api.voxflow.io/health'
    static final String ERRORS = 'https://api.voxflow.io/internal/metrics/error-rate?window=1m'
    static final String GREEN = 'http://voxflow-green.voxflow.svc.cluster.local/health'

    def setup() {
        load 'blue-green-switch.groovy'
        approver 'ines', role: 'lead'
        shell.on(~/kubectl -n voxflow get service voxflow/) { stdout 'blue' }
        shell.on(~/kubectl -n voxflow patch service voxflow/)
        k8s.on('deployment.status') { [ready: 3, desired: 3] }
    }

    def "checks the idle slot, switches the Service to it and holds the error rate under 1% for five minutes"() {
        given:
        http.get(GREEN) >> [status: 200]
        http.get(HEALTH) >> [status: 200]
        http.get(ERRORS) >> [json: [rate: 0.002]]

        when:
        def result = run()

        then:
        result.succeeded
        ran '''kubectl -n voxflow patch service voxflow -p '{"spec":{"selector":{"app":"voxflow","slot":"green"}}}\''''
        result.gates == ['gate health': true, '5xx under 1% for 5 minutes': true]
        clock.elapsed() >= java.time.Duration.ofMinutes(5)
        notified slack: ~/traffic switched to green/
    }

    def "an idle slot without ready pods is not switched to"() {
        given:
        k8s.on('deployment.status') { [ready: 0, desired: 3] }

        when:
        def result = run()

        then:
        result.failed
        result.failedStep == 'The idle slot is ready'
        notRan ~/patch service/
        notified slack: ~/Traffic was not moved/
    }

    def "when the error rate does not hold after the switch, traffic goes back to the slot it came from"() {
        given:
        http.get(GREEN) >> [status: 200]
        http.get(HEALTH) >> [status: 200]
        http.get(ERRORS) >> [json: [rate: 0.04]]

        when:
        def result = run()

        then:
        result.failed
        result.failedStep == '5xx under 1% for 5 minutes'
        ran ~/"slot":"green"/
        ran ~/"slot":"blue"/
        notified slack: ~/Traffic was switched back/
    }

    def "a Service that selects neither slot is reported, not guessed at"() {
        given:
        shell.on(~/kubectl -n voxflow get service voxflow/) { stdout 'canary' }

        when:
        def result = run()

        then:
        result.failed
        result.failure.contains("the Service selects slot 'canary'")
    }
}
