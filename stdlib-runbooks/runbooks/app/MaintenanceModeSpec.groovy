import dev.runbook.testing.RunbookSpecification

class MaintenanceModeSpec extends RunbookSpecification {
    static final String SITE = 'https://shop.example'
    static final String TOGGLE = 'http://admin.shop.local/maintenance'

    def setup() {
        load 'maintenance-mode.groovy'
        approver 'mo', role: 'manager'
    }

    def "turning it on with a flag file needs a manager, and the site then shows the maintenance page"() {
        given:
        shell.on("touch '/srv/www/maintenance.on'")
        http.get(SITE) >>> [[status: 200], [status: 200], [status: 503]]

        when:
        def result = run(state: 'on', url: SITE, flagFile: '/srv/www/maintenance.on')

        then:
        result.succeeded
        result.approvedBy == ['mo']
        ran "touch '/srv/www/maintenance.on'"
        result.step('See what users see now').value == 'off'
        result.gates == ['users see the new state': true]
        notified slack: '#incidents', text: 'maintenance mode is ON for https://shop.example'
    }

    def "turning it off through the admin endpoint needs no approval"() {
        given:
        http.get(SITE) >>> [[status: 503], [status: 200]]
        http.post(TOGGLE) >> [status: 204]

        when:
        def result = run(state: 'off', url: SITE, toggleUrl: TOGGLE)

        then:
        result.succeeded
        result.statuses['Approve taking the site away'] == 'skipped'
        result.approvalsAsked == []
        requests == ["GET $SITE", "POST $TOGGLE", "GET $SITE"]*.toString()
        notified 'maintenance mode is OFF for https://shop.example'
    }

    def "it needs exactly one way to switch"() {
        when:
        def result = run(state: 'on', url: SITE, flagFile: '/srv/www/maintenance.on', toggleUrl: TOGGLE)

        then:
        result.failed
        result.failure.contains('give exactly one of flagFile and toggleUrl')
        requests == []
        notified ~/FAILED at 'See what users see now'.*nothing was switched/
    }

    def "an admin endpoint that keeps refusing is asked to put the previous state back"() {
        given:
        http.get(SITE) >> [status: 200]
        http.post(TOGGLE) >> [status: 500, body: 'flag store unavailable']

        when:
        def result = run(state: 'on', url: SITE, toggleUrl: TOGGLE)

        then:
        result.failed
        result.step('Switch maintenance mode').attempts == 3
        requests.count { it == "POST $TOGGLE".toString() } == 4
        result.handlers == ["onFailure of 'Switch maintenance mode'", 'onFailure']
        notified ~/FAILED at 'Switch maintenance mode'.*answered 500: flag store unavailable.*set back to off/
    }

    def "a site that never shows the maintenance page gets the previous state back"() {
        given:
        shell.on("touch '/srv/www/maintenance.on'")
        shell.on("rm -f '/srv/www/maintenance.on'")
        http.get(SITE) >> [status: 200]

        when:
        def result = run(state: 'on', url: SITE, flagFile: '/srv/www/maintenance.on')

        then:
        result.failed
        result.failedStep == 'users see the new state'
        ran "rm -f '/srv/www/maintenance.on'"
        notified ~/the site did not show it, so maintenance mode was set back to off/
    }

    def "a state other than on or off is refused before anything runs"() {
        when:
        run(state: 'maybe', url: SITE, flagFile: '/srv/www/maintenance.on')

        then:
        thrown(dev.runbook.diag.RunbookProblemsException)
        calls.all.isEmpty()
    }
}
