import dev.runbook.testing.RunbookSpecification

/**
 * restart-api.groovy against fakes: no command reaches this machine, an unscripted one fails the test, and the
 * health gate's polls run on a virtual clock. Run it with `runbook test .`.
 */
class RestartApiSpec extends RunbookSpecification {
    def "restarts the service and waits until it is healthy"() {
        given:
        load 'restart-api.groovy'
        shell.on(~/systemctl status api.*/) { stdout 'active (running)' }
        shell.on(~/systemctl restart api.*/) { stdout 'restarted' }
        shell.on(~/curl -fsS .*health.*/) { stdout '{"status":"ok"}' }
        approver 'alice', role: 'lead'

        when:
        def result = run(service: 'api')

        then:
        result.succeeded
        ran 'systemctl restart api'
    }

    def "tells the team when the restart fails"() {
        given:
        load 'restart-api.groovy'
        shell.on(~/systemctl status api.*/) { stdout 'active (running)' }
        shell.on(~/systemctl restart api.*/) { exit 1; stderr 'unit not found' }
        approver 'alice', role: 'lead'

        when:
        def result = run(service: 'api')

        then:
        result.failed
        result.failedStep == 'Restart'
        notified ~/failed/
    }
}
