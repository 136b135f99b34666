import dev.runbook.testing.RunbookSpecification

import java.time.Instant

class ImageRollbackSpec extends RunbookSpecification {
    static final List<Map> TAGS = [   // newest first, as docker.images lists them
            [tag: 'v1.3.0-rc1', reference: 'registry.local/shop/api:v1.3.0-rc1', created: Instant.parse('2024-03-02T10:00:00Z')],
            [tag: 'v1.2.4', reference: 'registry.local/shop/api:v1.2.4', created: Instant.parse('2024-03-01T10:00:00Z')],
            [tag: 'v1.2.3', reference: 'registry.local/shop/api:v1.2.3', created: Instant.parse('2024-02-20T10:00:00Z')],
            [tag: 'v1.2.2', reference: 'registry.local/shop/api:v1.2.2', created: Instant.parse('2024-02-10T10:00:00Z')]]

    def setup() {
        load 'image-rollback.groovy'
        approver 'lena', role: 'lead'
        docker.on('container.inspect') { [image: 'registry.local/shop/api:v1.2.4', status: 'running', health: 'unhealthy'] }
        docker.on('container.logs') { [text: 'ERROR payment provider timeout'] }
        docker.on('images') { TAGS }
        docker.on('container.rollbackTo') { call -> [from: 'registry.local/shop/api:v1.2.4', to: call.args[0], changed: true] }
        docker.on('container.health') { [status: 'healthy', running: true, healthy: true] }
    }

    def "goes back to the newest image older than the one running, after a lead approves"() {
        when:
        def result = run(container: 'api')

        then:
        result.succeeded
        called "docker.images('registry.local/shop/api')"
        called "docker.container('api').rollbackTo(settle: 10s, 'registry.local/shop/api:v1.2.3')"
        result.approvedBy == ['lena']
        result.statuses['gate health'] == 'ok'
        notified slack: '#incidents', text: 'api rolled back from registry.local/shop/api:v1.2.4 to registry.local/shop/api:v1.2.3: healthy'
    }

    def "goes back to the tag asked for, even one this host has not pulled"() {
        when:
        def result = run(container: 'api', tag: 'v1.1.9')

        then:
        result.succeeded
        result.logs.contains('registry.local/shop/api:v1.1.9 is not on this host: it will be pulled')
        called ~/rollbackTo\(settle: 10s, 'registry.local\/shop\/api:v1.1.9'\)/
    }

    def "refuses to roll back to the image that already runs"() {
        when:
        def result = run(container: 'api', tag: 'v1.2.4')

        then:
        result.failed
        result.failure.contains('api already runs registry.local/shop/api:v1.2.4: nothing to roll back')
        notCalled ~/rollbackTo/
        result.approvalsAsked == []
        notified ~/FAILED at 'Pick the image to go back to'.*it still runs registry.local\/shop\/api:v1.2.4/
    }

    def "with no older image on the host, it asks for the tag instead of guessing"() {
        given:
        docker.on('images') { TAGS.take(2) }

        when:
        def result = run(container: 'api')

        then:
        result.failed
        result.failure.contains('no image of registry.local/shop/api older than registry.local/shop/api:v1.2.4 on this host (tags: v1.3.0-rc1, v1.2.4) — give the tag: -p tag=...')
        notCalled ~/rollbackTo/
    }

    def "a running image that is not among the local images needs the tag given"() {
        given:
        docker.on('images') { TAGS.drop(2) }

        when:
        def result = run(container: 'api')

        then:
        result.failed
        result.failure.contains('is not among the local images of registry.local/shop/api')
    }

    def "when the old image does not start, the run says the original container runs again"() {
        given:
        docker.fail('container.rollbackTo', 'docker: rollback of api to registry.local/shop/api:v1.2.3 failed: it exited with 1; the original container was put back')

        when:
        def result = run(container: 'api')

        then:
        result.failed
        result.handlers == ["onFailure of 'Roll back the image'", 'onFailure']
        result.logs.contains('api: the rollback from registry.local/shop/api:v1.2.4 failed; its docker call journaled whether the original container was put back (state) — check with docker inspect api')
        notified ~/FAILED at 'Roll back the image'.*exited with 1.*it still runs registry.local\/shop\/api:v1.2.4/
    }

    def "an old image that starts but stays unhealthy fails the gate, and the team is told how to return"() {
        given:
        http.get('http://api.local/health') >> [status: 500]

        when:
        def result = run(container: 'api', healthUrl: 'http://api.local/health')

        then:
        result.failed
        result.gates == ['gate health': false]
        notified ~/it now runs registry.local\/shop\/api:v1.2.3, NOT healthy; to return to the image before: docker.container\('api'\).rollbackTo\('registry.local\/shop\/api:v1.2.4'\)/
    }

    def "the operator who sees the service still failing stops the run before the all-clear"() {
        given:
        operatorAnswers manual: false

        when:
        def result = run(container: 'api')

        then:
        result.aborted
        notifications*.text.every { !it.endsWith(': healthy') }
    }
}
