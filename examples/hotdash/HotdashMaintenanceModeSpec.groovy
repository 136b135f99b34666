import dev.runbook.model.Severity
import dev.runbook.testing.RunbookSpecification

/** maintenance-mode.groovy: the flag set through a Fly secret, the public site checked. */
class HotdashMaintenanceModeSpec extends RunbookSpecification {
    static final String SITE = 'https://hotdash.fly.dev/'

    def setup() {
        load 'maintenance-mode.groovy'
        approver 'alice', role: 'lead'
        approver 'dora', role: 'manager'
        shell.on(~/flyctl secrets set MAINTENANCE_MODE=/)
    }

    def "turning it on needs the severity's approver and waits for the maintenance page"() {
        given:
        severity = Severity.P1
        http.get(SITE) >> [status: 200] >> [status: 503, body: '<h1>HotDash is under maintenance</h1>']

        when:
        def result = run(state: 'on')

        then:
        result.succeeded
        ran 'flyctl secrets set MAINTENANCE_MODE=true --app hotdash'
        result.approvedBy == ['alice']
        notified slack: ~/maintenance mode is ON/
    }

    def "turning it off needs nobody's approval"() {
        given:
        http.get(SITE) >> [status: 200]

        when:
        def result = run(state: 'off')

        then:
        result.succeeded
        ran 'flyctl secrets set MAINTENANCE_MODE=false --app hotdash'
        result.approvalsAsked == []
        result.statuses['Approve taking the site down'] == 'skipped'
    }

    def "a flyctl that fails twice fails the run and says to check the site by hand"() {
        given:
        shell.on(~/flyctl secrets set/) { exit 1; stderr 'Error: failed to update app secrets: unauthorized' }

        when:
        def result = run(state: 'off')

        then:
        result.failed
        result.step('Set MAINTENANCE_MODE').attempts == 2
        notified slack: ~/(?s)FAILED at 'Set MAINTENANCE_MODE'.*unauthorized.*Check https:\/\/hotdash.fly.dev by hand/
    }
}
