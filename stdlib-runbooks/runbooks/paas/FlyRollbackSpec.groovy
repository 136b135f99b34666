import dev.runbook.testing.RunbookSpecification

class FlyRollbackSpec extends RunbookSpecification {
    static final List<Map> RELEASES = [   // newest first, as fly.releases lists them
            [version: 43, status: 'complete', imageRef: 'registry.fly.io/shop:deployment-43', user: 'ci@shop.example'],
            [version: 42, status: 'failed', imageRef: 'registry.fly.io/shop:deployment-42', user: 'ci@shop.example'],
            [version: 41, status: 'complete', imageRef: 'registry.fly.io/shop:deployment-41', user: 'ci@shop.example'],
            [version: 40, status: 'complete', imageRef: 'registry.fly.io/shop:deployment-40', user: 'ana@shop.example']]
    static final Map HEALTHY = [version: 44, healthy: true, machines: [[id: 'm1', healthy: true], [id: 'm2', healthy: true]]]

    def setup() {
        load 'fly-rollback.groovy'
        approver 'lena', role: 'lead'
        fly.on('releases') { RELEASES }
        fly.on('rollback') { call -> [app: 'shop', version: call.args[1], image: "registry.fly.io/shop:deployment-${call.args[1]}"] }
        fly.on('status') { HEALTHY }
    }

    def "redeploys the image of the newest completed release before the current one, after a lead approves"() {
        when:
        def result = run(app: 'shop')

        then:
        result.succeeded
        called "fly.rollback(strategy: 'rolling', 'shop', 41)"
        result.approvedBy == ['lena']
        result.logs.contains('returning to v41 (registry.fly.io/shop:deployment-41, released by ci@shop.example)')
        notified slack: '#incidents', text: 'shop rolled back to the image of v41: healthy'
    }

    def "returns to the release asked for, with the strategy asked for"() {
        when:
        def result = run(app: 'shop', version: 'v40', strategy: 'immediate')

        then:
        result.succeeded
        called "fly.rollback(strategy: 'immediate', 'shop', 40)"
    }

    def "a release the app never had is refused, listing the newest ones"() {
        when:
        def result = run(app: 'shop', version: '12')

        then:
        result.failed
        result.failure.contains('app shop has no release v12 (newest: v43, v42, v41, v40)')
        notCalled ~/rollback/
        notified ~/FAILED at 'Pick the release'.*nothing was deployed/
    }

    def "the current release is not something to roll back to"() {
        when:
        def result = run(app: 'shop', version: '43')

        then:
        result.failed
        result.failure.contains('v43 is the current release of shop')
    }

    def "an app without an earlier completed release needs the version given"() {
        given:
        fly.on('releases') { RELEASES.take(2) }

        when:
        def result = run(app: 'shop')

        then:
        result.failed
        result.failure.contains('no completed release of shop before v43 — give one with -p version=...')
    }

    def "a deploy that fails reports which release the machines run"() {
        given:
        fly.fail('rollback', 'fly: deploy of app shop failed: timeout waiting for machine m1 health checks')
        fly.on('status') { [version: 43, machines: [[id: 'm1', healthy: false], [id: 'm2', healthy: true]]] }

        when:
        def result = run(app: 'shop')

        then:
        result.failed
        result.handlers == ["onFailure of 'Deploy the earlier image'", 'onFailure']
        result.logs.contains('the deploy failed; shop runs release v43 on 2 machine(s), 1 healthy')
        notified ~/FAILED at 'Deploy the earlier image'.*timeout waiting.*nothing was deployed/
    }

    def "machines that never pass their checks after the deploy fail the health gate"() {
        given:
        fly.on('status') { [version: 44, healthy: false, machines: []] }

        when:
        def result = run(app: 'shop')

        then:
        result.failed
        result.gates == ['gate health': false]
        notified ~/the image of v41 is deployed but NOT healthy/
    }

    def "with a health URL the app's own answer decides"() {
        given:
        http.get('https://shop.fly.dev/health') >> [status: 502] >> [status: 200]

        when:
        def result = run(app: 'shop', healthUrl: 'https://shop.fly.dev/health')

        then:
        result.succeeded
        notCalled ~/fly\.status/
    }
}
