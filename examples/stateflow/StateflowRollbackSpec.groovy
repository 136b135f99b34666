import dev.runbook.model.Severity
import dev.runbook.testing.RunbookSpecification

import java.time.Duration

/** rollback.groovy: the old rollback.sh (stop → pin the previous tag → up → health → verify), with a way back. */
class StateflowRollbackSpec extends RunbookSpecification {
    static final String HEALTH = 'http://127.0.0.1:4000/api/health'
    static final String VERSION = 'http://127.0.0.1:4000/api/version'

    /** The tag the stack runs, as `compose ps` reports it: changes when the runbook pins a tag and runs `up`. */
    String running = 'v2.4.0'
    String pinned = 'v2.4.0'

    def setup() {
        load 'rollback.groovy'
        approver 'dana', role: 'lead'
        compose.on('ps') { ['api', 'worker'].collect { [service: it, image: "stateflow/$it:$running".toString(), state: 'running', running: true] } }
        compose.on('logs') { call -> [text: "${call.args[0]} log line\n".toString()] }
        compose.on('pinImage') { call ->
            def (service, tag) = call.args
            def from = "stateflow/$service:$pinned".toString()
            if (service == 'worker') pinned = tag.contains(':') ? tag.substring(tag.lastIndexOf(':') + 1) : tag
            [service: service, from: from, to: "stateflow/$service:$tag".toString(), backup: 'deploy/docker-compose.prod.yml.bak-20261126T120000Z']
        }
        compose.on('up') { running = pinned; [action: 'up'] }
    }

    def "rolls api and worker back to the previous tag, verifies health and version, and tells the team"() {
        given:
        http.get(HEALTH) >> [status: 502] >> [status: 200, json: [database: 'connected']]
        http.get(VERSION) >> [status: 200, json: [version: 'v2.3.1']]

        when:
        def result = run(previousTag: 'v2.3.1')

        then:
        result.succeeded
        result.statuses == ['Record what runs now': 'ok', 'approval P1': 'ok', 'Stop api and worker': 'ok',
                            'Pin the previous tag': 'ok', 'Pull and start the previous tag': 'ok', 'gate health': 'ok',
                            'api reports the previous version': 'ok', 'Worker is running': 'ok',
                            'Sign in to StateFlow as the support test user and move one task across the board': 'ok',
                            'Tell the team': 'ok']
        result.approvedBy == ['dana']
        called ~/compose\(project: 'stateflow', 'deploy\/docker-compose.prod.yml'\).stop\('api', 'worker'\)/
        called ~/pinImage\('api', 'v2.3.1'\)/
        called ~/pinImage\('worker', 'v2.3.1'\)/
        called ~/up\(detach: true, build: false, services: \[api, worker\]\)/
        result.gates == ['gate health': true, 'api reports the previous version': true]
        notified slack: '#stateflow-incidents', text: ~/rolled back to v2\.3\.1 \(was stateflow\/api:v2\.4\.0\)/
        notifications.every { !it.text.contains('FAILED') }
        result.handlers == ['always']
        new File(result.result.runDir().toFile(), 'api-before-rollback.log').text == 'api log line\n'
    }

    def "when the api already runs the tag asked for, nothing is stopped and the team hears there was nothing to roll back"() {
        given:
        running = 'v2.3.1'

        when:
        def result = run(previousTag: 'v2.3.1')

        then:
        result.failed
        result.failedStep == 'Record what runs now'
        result.failure.contains('already runs stateflow/api:v2.3.1')
        result.approvalsAsked == []
        notCalled ~/stop/
        notCalled ~/pinImage/
        notified slack: ~/FAILED at 'Record what runs now'/
        result.handlers == ['onFailure', 'always']
    }

    def "when the previous images do not start, the broken release is put back so StateFlow is not left down"() {
        given:
        // both attempts fail as Compose reports it; the third up (the handler's, with the old tags) works
        compose.fail('up', times: 2, 'compose project stateflow: up failed: pull access denied for stateflow/api:v2.3.1 (exit code 1)')

        when:
        def result = run(previousTag: 'v2.3.1')

        then:
        result.failed
        result.failedStep == 'Pull and start the previous tag'
        result.step('Pull and start the previous tag').attempts == 2
        result.handlers == ["onFailure of 'Pull and start the previous tag'", 'onFailure', 'always']
        called ~/pinImage\('api', 'stateflow\/api:v2.4.0'\)/
        called ~/pinImage\('worker', 'stateflow\/worker:v2.4.0'\)/
        running == 'v2.4.0'
        notified slack: ~/FAILED at 'Pull and start the previous tag': .*pull access denied/
    }

    def "a health check that never passes fails the rollback after three minutes with the last answer"() {
        given:
        http.get(HEALTH) >> [status: 200, json: [database: 'disconnected']]

        when:
        def result = run(previousTag: 'v2.3.1')

        then:
        result.failed
        result.failedStep == 'gate health'
        result.gates == ['gate health': false]
        clock.elapsed() >= Duration.ofMinutes(3)
        notRan ~/./
        notified slack: ~/FAILED at 'gate health'/
    }

    def "a worker that does not stay up fails the run even though the api is healthy"() {
        given:
        http.get(HEALTH) >> [status: 200, json: [database: 'connected']]
        http.get(VERSION) >> [status: 200, json: [version: 'v2.3.1']]
        compose.on('ps') { [[service: 'api', image: "stateflow/api:$running".toString(), state: 'running', running: true],
                            [service: 'worker', image: "stateflow/worker:$running".toString(), state: 'restarting', running: false]] }

        when:
        def result = run(previousTag: 'v2.3.1')

        then:
        result.failed
        result.failedStep == 'Worker is running'
        result.failure.contains('the worker is not running (restarting)')
        notified slack: ~/FAILED at 'Worker is running'/
    }

    def "in a P0 incident nobody has to approve first: the waiver is recorded"() {
        given:
        severity = Severity.P0
        http.get(HEALTH) >> [status: 200, json: [database: 'connected']]
        http.get(VERSION) >> [status: 200, json: [version: 'v2.3.1']]

        when:
        def result = run(previousTag: 'v2.3.1')

        then:
        result.succeeded
        result.approvalsWaived == ['approval P1']
        result.approvedBy == []
    }

    def "a tag that is not a version is refused before anything runs"() {
        when:
        def result = run(previousTag: 'latest')

        then:
        def e = thrown(Exception)
        e.message.contains("param 'previousTag' is 'latest', which does not match")
        notCalled ~/./
    }
}
