import dev.runbook.testing.RunbookSpecification

/** full-infrastructure-rollback.groovy: dump, down (volumes kept), previous deploy tag, pull, up, verify every service. */
class StateflowFullInfrastructureRollbackSpec extends RunbookSpecification {
    static final String HEALTH = 'http://127.0.0.1:4000/api/health'
    static final String RUNNING = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567'

    List<String> up = ['api', 'worker', 'postgres']

    def setup() {
        def commit = RUNNING    // shell answers see local variables, not the spec's fields
        load 'full-infrastructure-rollback.groovy'
        approver 'dana', role: 'lead'
        operatorAnswers confirm: 'DOWN'
        compose.on('ps') { ['api', 'worker', 'postgres'].collect { [service: it, image: "stateflow/$it:x".toString(), state: it in up ? 'running' : 'exited', running: it in up] } }
        shell.on('git -C /srv/stateflow-deploy rev-parse HEAD') { stdout commit }
        shell.on('git -C /srv/stateflow-deploy fetch --tags origin')
        shell.on(~/git -C \/srv\/stateflow-deploy checkout --detach /)
        pg.on('dump') { call -> [file: call.named.to] }
        pg.on('migrations.current') { '20261101120000' }
    }

    def "rolls the stack back to the previous tag with the database volume kept, and checks every service and the schema"() {
        given:
        http.get(HEALTH) >> [status: 200, json: [database: 'connected']]

        when:
        def result = run(release: 'infra-2026.11.20', expectedMigration: '20261101120000')

        then:
        result.succeeded
        called ~/pg.dump\(to: '.*stateflow-before-infra-rollback.dump', 'stateflow'\)/
        called ~/down\(volumes: false\)/
        ran 'git -C /srv/stateflow-deploy checkout --detach infra-2026.11.20'
        called ~/\.pull\(\)/
        called ~/\.up\(detach: true\)/
        result.statuses['Schema is what the release expects'] == 'ok'
        result.gates == ['api, worker and postgres running': true, 'gate health': true]
        notified slack: ~/infrastructure rolled back to infra-2026.11.20/
    }

    def "without an expected schema version the schema check is skipped"() {
        given:
        http.get(HEALTH) >> [status: 200, json: [database: 'connected']]

        when:
        def result = run(release: 'infra-2026.11.20')

        then:
        result.succeeded
        result.statuses['Schema is what the release expects'] == 'skipped'
        notCalled ~/migrations/
    }

    def "when the old stack does not start, the deployment that was running is started again"() {
        given:
        compose.fail('up', times: 1, "compose project stateflow: up failed: network stateflow_backend declared as external, but could not be found (exit code 1)")

        when:
        def result = run(release: 'infra-2026.11.20')

        then:
        result.failed
        result.failedStep == 'Start the stack'
        result.handlers == ["onFailure of 'Start the stack'", 'onFailure']
        ran "git -C /srv/stateflow-deploy checkout --detach $RUNNING"
        notified slack: ~/FAILED at 'Start the stack'.*The database dump taken first: .*stateflow-before-infra-rollback.dump/
    }

    def "a postgres that does not come up fails the services gate"() {
        given:
        up = ['api', 'worker']

        when:
        def result = run(release: 'infra-2026.11.20')

        then:
        result.failed
        result.failedStep == 'api, worker and postgres running'
        notified slack: ~/FAILED at 'api, worker and postgres running'/
    }

    def "a schema other than the release expects fails the run before users are told it is back"() {
        given:
        http.get(HEALTH) >> [status: 200, json: [database: 'connected']]

        when:
        def result = run(release: 'infra-2026.11.20', expectedMigration: '20261120093000')

        then:
        result.failed
        result.failedStep == 'Schema is what the release expects'
        result.failure.contains('at migration 20261101120000, infra-2026.11.20 expects 20261120093000')
        !notifications.any { it.text.contains('rolled back to') }
    }

    def "a database dump that fails stops the run before the stack is touched"() {
        given:
        pg.fail('dump', "dump of 'stateflow' failed: pg_dump: error: connection to server failed: FATAL: too many connections")

        when:
        def result = run(release: 'infra-2026.11.20')

        then:
        result.failed
        result.failedStep == 'Dump the database'
        notCalled ~/down\(/
        notified slack: ~/The database dump taken first: none/
    }
}
