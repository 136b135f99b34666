import dev.runbook.testing.RunbookSpecification

import java.time.Duration

/** The quickstart rollback, tested without the demo service: every command and health answer is scripted. */
class RollbackSpec extends RunbookSpecification {
    static final String HEALTH = 'http://127.0.0.1:4000/health'

    def setup() {
        load 'rollback.groovy'
        approver 'alice', role: 'lead'
        shell.on(~/demo.sh' ensure v1.2.4 4000/)
        shell.on(~/demo.sh' status 4000/) { stdout 'v1.2.4 running on 4000 (pid 4242)' }
        shell.on(~/curl -s -m 5 .*\/health/) { stdout 'GET /health -> 500' }
        shell.on(~/demo.sh' log 4000/)
        shell.on(~/demo.sh' stop 4000/)
        shell.on(~/demo.sh' start v1.2.3 4000/) { stdout 'started v1.2.3 on 4000' }
    }

    def "the broken release is stopped, the good one started, and the run waits until health reports it"() {
        given:
        http.get(HEALTH) >> [status: 500] >> [status: 200, json: [status: 'ok', version: 'v1.2.4']] >> [status: 200, json: [status: 'ok', version: 'v1.2.3']]

        when:
        def result = run(version: 'v1.2.3')

        then:
        result.succeeded
        result.approvedBy == ['alice']
        result.gates == ['gate health': true]
        ran ~/demo.sh' stop 4000/
        ran ~/demo.sh' start v1.2.3 4000/
        result.handlers == ['always']
        calls.of('manual')*.text == ['Tell #incidents that the demo service is being rolled back → confirmed']
    }

    def "when the good version does not start, the previous release is put back so the service is not left down"() {
        given:
        shell.on(~/demo.sh' start v1.2.3 4000/) { exit 1; stderr 'no such release: v1.2.3' }

        when:
        def result = run(version: 'v1.2.3')

        then:
        result.failed
        result.failedStep == 'Start the good version'
        result.failure.contains('no such release')
        result.handlers == ['onFailure', 'always']
        ran times: 2, ~/demo.sh' ensure v1.2.4 4000/
    }

    def "when health never reports the version rolled back to, the gate fails after its 30 seconds and the failure path runs"() {
        given:
        http.get(HEALTH) >> [status: 200, json: [status: 'ok', version: 'v1.2.4']]

        when:
        def result = run(version: 'v1.2.3')

        then:
        result.failed
        result.failedStep == 'gate health'
        result.failure.contains('json condition is false')
        clock.elapsed() >= Duration.ofSeconds(30)
        result.handlers == ['onFailure', 'always']
    }

    def "a version that is not a release number is refused before anything runs"() {
        when:
        run(version: 'latest')

        then:
        thrown(dev.runbook.diag.RunbookProblemsException)
        calls.all.isEmpty()
    }
}
