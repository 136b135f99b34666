import dev.runbook.testing.RunbookSpecification

/** restart-api.groovy against fakes: nothing reaches this machine, and the health gate runs in virtual time. */
class RestartApiSpec extends RunbookSpecification {
    def setup() {
        load 'restart-api.groovy'
        shell.on(~/systemctl status api.*/) { stdout 'active (running)' }
    }

    def "restarts the service and waits until it is healthy"() {
        given:
        shell.on('systemctl restart api') { stdout 'restarted' }
        http.get('http://127.0.0.1:8080/health') >> [status: 503] >> [status: 200]

        when:
        def result = run(service: 'api')

        then:
        result.succeeded
        ran 'systemctl restart api'
        result.gates == ['gate health': true]
    }

    def "tells the team when the restart fails"() {
        given:
        shell.on('systemctl restart api') { exit 1; stderr 'unit not found' }

        when:
        def result = run(service: 'api')

        then:
        result.failed
        result.failedStep == 'Restart'
        result.step('Restart').attempts == 2
        notified slack: '#incidents', text: ~/failed at 'Restart'/
    }
}
