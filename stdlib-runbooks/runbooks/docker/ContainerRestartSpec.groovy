import dev.runbook.testing.RunbookSpecification

class ContainerRestartSpec extends RunbookSpecification {
    static final Map HEALTHY = [status: 'healthy', running: true, healthy: true]
    static final Map UNHEALTHY = [status: 'unhealthy', running: true, healthy: false, failingStreak: 3]
    static final Map API = [image: 'shop/api:v1.2.3', status: 'running', restartCount: 7, health: 'unhealthy',
                            env: [MODE: 'prod', DB_PASSWORD: 's3cret'], networkMode: 'shop-net', restartPolicy: 'unless-stopped',
                            mounts: ['shop-data:/data']]

    def setup() {
        load 'container-restart.groovy'
        approver 'lena', role: 'lead'
        docker.on('container.inspect') { API }
        docker.on('container.logs') { [text: 'panic: connection pool exhausted'] }
        docker.on('container.health') { HEALTHY }
    }

    /** The container stays unhealthy in the steps named; healthy everywhere else (the final gate included). */
    private void unhealthyIn(String... steps) {
        docker.on('container.health') { call -> call.step in steps ? UNHEALTHY : HEALTHY }
    }

    def "a graceful restart that brings the container back is all it takes"() {
        when:
        def result = run(container: 'api')

        then:
        result.succeeded
        result.statuses == ['Capture evidence': 'ok', 'Restart gracefully': 'ok', 'Healthy after the restart': 'ok',
                            'Approve recreating': 'skipped', 'Force recreate': 'skipped', 'Healthy after recreating': 'skipped', 'Nuclear reset': 'skipped',
                            'gate health': 'ok', 'Tell the team': 'ok']
        called "docker.container('api').restart(timeout: 30)"
        notCalled ~/recreate|remove|docker\.run/
        result.approvalsAsked == []
        notified slack: '#incidents', text: 'api is healthy again after a graceful restart'
    }

    def "the container's state and last logs are kept as evidence in the run folder"() {
        when:
        def result = run(container: 'api')

        then:
        result.result.runDir().resolve('api.log').toFile().text == 'panic: connection pool exhausted'
        result.logs[0] == 'api: shop/api:v1.2.3, running, restarted 7 times, health unhealthy'
    }

    def "health is polled until it passes, in virtual time"() {
        given:
        docker.on('container.health', times: 3) { UNHEALTHY }

        when:
        def result = run(container: 'api')

        then:
        result.succeeded
        result.step('Healthy after the restart').attempts == 4
        clock.elapsed() >= java.time.Duration.ofSeconds(15)
        notCalled ~/recreate/
    }

    def "with a health URL, the service's answer decides instead of the container's check"() {
        given:
        http.get('http://api.local/health') >> [status: 503] >> [status: 200]

        when:
        def result = run(container: 'api', healthUrl: 'http://api.local/health')

        then:
        result.succeeded
        notCalled ~/health\(\)/
        requests.size() == 3
    }

    def "a restart the engine refuses twice fails the run before anything is recreated"() {
        given:
        docker.fail('container.restart', 'docker: restart of container api failed: No such container: api')

        when:
        def result = run(container: 'api')

        then:
        result.failed
        result.failedStep == 'Restart gracefully'
        result.step('Restart gracefully').attempts == 2
        notCalled ~/recreate/
        result.handlers == ['onFailure']
        notified ~/restart of api FAILED at 'Restart gracefully': .*No such container/
    }

    def "a container still unhealthy after the restart is recreated from its image once a lead approves"() {
        given:
        unhealthyIn 'Healthy after the restart'

        when:
        def result = run(container: 'api')

        then:
        result.succeeded
        result.statuses['Healthy after the restart'] == 'failed continued'
        result.step('Healthy after the restart').attempts == 12
        result.statuses['Force recreate'] == 'ok'
        result.approvedBy == ['lena']
        called "docker.container('api').recreate(settle: 10s, stopTimeout: 30)"
        notCalled ~/rollbackTo/
        result.statuses['Nuclear reset'] == 'skipped'
        notified 'api is healthy again after recreating it'
    }

    def "when recreating fails, the run stops and says the original container was put back"() {
        given:
        unhealthyIn 'Healthy after the restart'
        docker.fail('container.recreate', "docker: recreate of container 'api' failed: the new container exited at once with code 1; rolled forward: 'api' runs shop/api:v1.2.3 again")

        when:
        def result = run(container: 'api')

        then:
        result.failed
        result.failedStep == 'Force recreate'
        result.handlers == ["onFailure of 'Force recreate'", 'onFailure']
        result.logs.any { it.startsWith("recreating api failed: docker: recreate of container 'api' failed") && it.endsWith("rolled forward: 'api' runs shop/api:v1.2.3 again") }
        notCalled ~/remove/
    }

    def "a container still sick after recreating gets a nuclear reset once the operator types RESET"() {
        given:
        unhealthyIn 'Healthy after the restart', 'Healthy after recreating'
        operatorAnswers confirm: 'RESET'

        when:
        def result = run(container: 'api')

        then:
        result.succeeded
        result.statuses['Nuclear reset'] == 'ok'
        called "docker.container('api').remove(force: true, volumes: true)"
        called "docker.run(name: 'api', env: {MODE=prod, DB_PASSWORD=s3cret}, network: 'shop-net', restart: 'unless-stopped', volumes: [shop-data:/data], 'shop/api:v1.2.3')"
        notified 'api is healthy again after a nuclear reset'
    }

    def "without the word RESET nothing is removed and the run stops"() {
        given:
        unhealthyIn 'Healthy after the restart', 'Healthy after recreating'
        docker.on('ps') { [[name: 'api', state: 'running']] }

        when:
        def result = run(container: 'api')

        then:
        result.aborted
        notCalled ~/remove/
        result.handlers == ["onFailure of 'Nuclear reset'", 'onFailure']
        result.logs.contains('api is there (running), not healthy')
    }

    def "when the fresh container cannot be started, the run says it was removed and how to start it"() {
        given:
        unhealthyIn 'Healthy after the restart', 'Healthy after recreating'
        operatorAnswers confirm: 'RESET'
        docker.fail('run', "docker: run of shop/api:v1.2.3 failed: pull access denied")
        docker.on('ps') { [] }

        when:
        def result = run(container: 'api')

        then:
        result.failed
        result.failedStep == 'Nuclear reset'
        result.logs.any { it.contains('api was REMOVED and not started again — start it: docker run -d --name api shop/api:v1.2.3') }
        notified ~/FAILED at 'Nuclear reset'.*pull access denied/
    }

    def "a container that stays sick after every rung fails the final health gate"() {
        given:
        docker.on('container.health') { UNHEALTHY }
        operatorAnswers confirm: 'RESET'

        when:
        def result = run(container: 'api')

        then:
        result.failed
        result.failedStep == 'gate health'
        result.gates == ['gate health': false]
        notified ~/restart of api FAILED at 'gate health'/
    }
}
