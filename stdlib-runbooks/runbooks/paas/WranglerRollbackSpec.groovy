import dev.runbook.testing.RunbookSpecification

class WranglerRollbackSpec extends RunbookSpecification {
    static final String HEALTH = 'https://edge.shop.example/health'
    static final List<Map> DEPLOYMENTS = [   // newest first
            [id: 'd3', versionId: 'c0ffee00-3333', message: 'release 3'],
            [id: 'd2', versionId: 'c0ffee00-3333', message: 'secret rotation'],
            [id: 'd1', versionId: 'beef0000-2222', message: 'release 2']]

    def setup() {
        load 'wrangler-rollback.groovy'
        approver 'lena', role: 'lead'
        wrangler.on('deployments') { DEPLOYMENTS }
    }

    def "sends all traffic back to the version the previous deployment served, once a lead approves"() {
        given:
        http.get(HEALTH) >> [status: 200]

        when:
        def result = run(worker: 'edge', healthUrl: HEALTH)

        then:
        result.succeeded
        called "wrangler.rollback(message: 'rollback by runbook (run ${result.result.runId()})', 'edge', 'beef0000-2222')"
        result.approvedBy == ['lena']
        notified slack: '#incidents', text: 'edge rolled back from c0ffee00-3333 to beef0000-2222: healthy'
    }

    def "returns to the version asked for"() {
        given:
        http.get(HEALTH) >> [status: 200]

        when:
        def result = run(worker: 'edge', healthUrl: HEALTH, versionId: 'abcdef01-1111')

        then:
        result.succeeded
        called ~/wrangler\.rollback\(.*'edge', 'abcdef01-1111'\)/
    }

    def "the version serving now is not a rollback target"() {
        when:
        def result = run(worker: 'edge', healthUrl: HEALTH, versionId: 'c0ffee00-3333')

        then:
        result.failed
        result.failure.contains('edge serves c0ffee00-3333 already: nothing to roll back')
        notCalled ~/rollback/
        notified ~/FAILED at 'Pick the version'.*still serves what it served before/
    }

    def "a Worker that only ever served one version has nothing to return to"() {
        given:
        wrangler.on('deployments') { DEPLOYMENTS.take(2) }

        when:
        def result = run(worker: 'edge', healthUrl: HEALTH)

        then:
        result.failed
        result.failure.contains('every deployment of edge served c0ffee00-3333: there is no earlier version')
    }

    def "a rollback Cloudflare refuses leaves the Worker on its version and says so"() {
        given:
        wrangler.fail('rollback', 'wrangler: rollback of edge failed: Authentication error [code: 10000]')

        when:
        def result = run(worker: 'edge', healthUrl: HEALTH)

        then:
        result.failed
        result.handlers == ["onFailure of 'Roll back'", 'onFailure']
        result.logs.contains('the rollback failed: edge still serves c0ffee00-3333')
        notified ~/FAILED at 'Roll back'.*Authentication error/
    }

    def "an earlier version that is not healthy either fails the gate, with the command to go forward again"() {
        given:
        http.get(HEALTH) >> [status: 500]

        when:
        def result = run(worker: 'edge', healthUrl: HEALTH)

        then:
        result.failed
        result.gates == ['gate health': false]
        notified ~/edge serves beef0000-2222 and is NOT healthy — to go forward again: wrangler rollback c0ffee00-3333/
    }
}
