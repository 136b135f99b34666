import dev.runbook.testing.RunbookSpecification

class ServiceRollbackSpec extends RunbookSpecification {
    static final Map BAD = [name: 'shop-api-1', service: 'api', state: 'running', running: true, health: 'unhealthy', image: 'shop/api:v1.2.4']
    static final Map GOOD = [name: 'shop-api-1', service: 'api', state: 'running', running: true, health: 'healthy', image: 'shop/api:v1.2.3']
    static final Map DB = [name: 'shop-db-1', service: 'db', state: 'running', running: true, health: 'healthy', image: 'postgres:16']

    def setup() {
        load 'service-rollback.groovy'
        approver 'lena', role: 'lead'
        compose.on('logs') { [text: 'api | panic: nil map'] }
        compose.on('pinImage') { call -> [from: 'shop/api:v1.2.4', to: "shop/api:${call.args[1]}", file: 'deploy.yml', backup: 'deploy.yml.bak-20240301T100000Z'] }
        // before the up the service runs the bad image; after it, the stable one
        boolean recreated = false
        compose.on('up') { recreated = true; [action: 'up'] }
        compose.on('ps') { [recreated ? GOOD : BAD, DB] }
    }

    def "pins the stable tag, pulls it, recreates only that service and checks it runs that tag"() {
        when:
        def result = run(service: 'api', tag: 'v1.2.3', file: 'deploy.yml', project: 'shop')

        then:
        result.succeeded
        calls.of('compose')*.text.findAll { !(it =~ /\.(ps|logs)\(/) && it =~ /\)\./ } == [
                "compose(project: 'shop', 'deploy.yml').pinImage('api', 'v1.2.3')",
                "compose(project: 'shop', 'deploy.yml').pull('api')",
                "compose(project: 'shop', 'deploy.yml').up(detach: true, build: false, services: [api])"]
        result.gates == ['the service runs the stable tag': true, 'gate health': true]
        result.approvedBy == ['lena']
        result.logs.contains('api: shop/api:v1.2.4 → shop/api:v1.2.3 in deploy.yml (copy of the file before: deploy.yml.bak-20240301T100000Z)')
        notified slack: '#incidents', text: 'api rolled back from shop/api:v1.2.4 to tag v1.2.3: healthy; deploy.yml pins v1.2.3'
    }

    def "without a project name, Compose derives it from the file as usual"() {
        when:
        def result = run(service: 'api', tag: 'v1.2.3')

        then:
        result.succeeded
        called "compose('docker-compose.yml').pinImage('api', 'v1.2.3')"
    }

    def "a service the compose file does not run is refused before anything changes"() {
        when:
        def result = run(service: 'worker', tag: 'v1.2.3')

        then:
        result.failed
        result.failure.contains("no container of service 'worker' in docker-compose.yml")
        notCalled ~/pinImage/
        notified ~/FAILED at 'Record the service'.*docker-compose.yml unchanged/
    }

    def "a pull that keeps failing pins the previous tag again and leaves the running containers alone"() {
        given:
        compose.fail('pull', 'compose: pull of api failed: manifest for shop/api:v1.2.3 not found')

        when:
        def result = run(service: 'api', tag: 'v1.2.3')

        then:
        result.failed
        result.step('Pull the image').attempts == 3
        called "compose('docker-compose.yml').pinImage('api', 'shop/api:v1.2.4')"
        notCalled ~/\.up\(/
        result.handlers == ["onFailure of 'Pull the image'", 'onFailure']
        notified ~/FAILED at 'Pull the image'.*manifest.*docker-compose.yml pins shop\/api:v1.2.4 again, as before/
    }

    def "a failed up puts the previous tag back and starts the service on it again"() {
        given:
        compose.fail('up', 'compose: up of api failed: port 8080 is already allocated', times: 1)

        when:
        def result = run(service: 'api', tag: 'v1.2.3')

        then:
        result.failed
        result.failedStep == 'Recreate the service'
        called "compose('docker-compose.yml').pinImage('api', 'shop/api:v1.2.4')"
        calls.of('compose')*.text.count { it.contains('.up(') } == 2
        result.logs.contains('up failed: api was started again on shop/api:v1.2.4, the tag it had')
        notified ~/FAILED at 'Recreate the service'.*port 8080.*pins shop\/api:v1.2.4 again/
    }

    def "containers that never run the stable tag fail the verification gate"() {
        given:
        compose.on('ps') { [BAD, DB] }

        when:
        def result = run(service: 'api', tag: 'v1.2.3')

        then:
        result.failed
        result.failedStep == 'the service runs the stable tag'
        notified ~/pins v1.2.3 and the service was recreated on it — it is NOT healthy/
    }

    def "a service that runs the tag but stays unhealthy fails the health gate"() {
        given:
        http.get('http://api.local/health') >> [status: 502]

        when:
        def result = run(service: 'api', tag: 'v1.2.3', healthUrl: 'http://api.local/health')

        then:
        result.failed
        result.gates == ['the service runs the stable tag': true, 'gate health': false]
    }
}
