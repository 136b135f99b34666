import dev.runbook.testing.RunbookSpecification

/** app-version-rollback.groovy: check out the previous release tag, rebuild, verify; the running commit is the way back. */
class StateflowAppVersionRollbackSpec extends RunbookSpecification {
    static final String HEALTH = 'http://127.0.0.1:4000/api/health'
    static final String VERSION = 'http://127.0.0.1:4000/api/version'
    static final String RUNNING = '9f1c2d3e4b5a69788796a5b4c3d2e1f001234567'

    def setup() {
        def commit = RUNNING    // shell answers see local variables, not the spec's fields
        load 'app-version-rollback.groovy'
        approver 'dana', role: 'lead'
        shell.on('git -C /srv/stateflow status --porcelain')
        shell.on('git -C /srv/stateflow rev-parse HEAD') { stdout commit }
        shell.on('git -C /srv/stateflow fetch --tags origin')
        shell.on("git -C /srv/stateflow rev-parse --verify --quiet 'v2.3.1^{commit}'") { stdout 'a1b2c3' }
        shell.on(~/git -C \/srv\/stateflow diff --name-only/)
        shell.on(~/git -C \/srv\/stateflow checkout --detach /)
    }

    def "checks out the release, rebuilds api and worker, and verifies health and version"() {
        given:
        http.get(HEALTH) >> [status: 200, json: [database: 'connected']]
        http.get(VERSION) >> [status: 200, json: [version: 'v2.4.0']] >> [status: 200, json: [version: 'v2.3.1']]

        when:
        def result = run(version: 'v2.3.1')

        then:
        result.succeeded
        ran 'git -C /srv/stateflow checkout --detach v2.3.1'
        called ~/up\(detach: true, build: true, services: \[api, worker\]\)/
        result.gates == ['gate health': true, 'api reports the release': true]
        notified slack: ~/back on v2.3.1 \(rebuilt from git; was 9f1c2d3e4b5a\)\. Migrations added since v2.3.1: none/
    }

    def "migrations added since the release make the operator confirm the old code can live with them"() {
        given:
        shell.on(~/diff --name-only/) { stdout 'db/migrations/20261120_add_labels.sql' }
        http.get(HEALTH) >> [status: 200, json: [database: 'connected']]
        http.get(VERSION) >> [status: 200, json: [version: 'v2.3.1']]

        when:
        def result = run(version: 'v2.3.1')

        then:
        result.succeeded
        calls.of('manual').any { it.text.contains('migrations v2.3.1 does not know') }
        notified slack: ~/Migrations added since v2.3.1: db\/migrations\/20261120_add_labels.sql/
    }

    def "an operator who says the old code cannot live with the new schema stops the run before anything changes"() {
        given:
        shell.on(~/diff --name-only/) { stdout 'db/migrations/20261120_add_labels.sql' }
        operatorAnswers manual: false

        when:
        def result = run(version: 'v2.3.1')

        then:
        !result.succeeded
        notRan ~/checkout --detach/
        notCalled ~/up\(/
    }

    def "a checkout with local changes is not touched"() {
        given:
        shell.on('git -C /srv/stateflow status --porcelain') { stdout ' M deploy/.env.production' }

        when:
        def result = run(version: 'v2.3.1')

        then:
        result.failed
        result.failedStep == 'Record the deployed commit'
        result.failure.contains('local changes')
        notRan ~/checkout/
        notified slack: ~/FAILED at 'Record the deployed commit'/
    }

    def "a release that does not build puts the running commit back and rebuilds it"() {
        given:
        compose.fail('up', times: 1, 'compose project stateflow: up failed: failed to solve: npm ci exited with 1 (exit code 17)')

        when:
        def result = run(version: 'v2.3.1')

        then:
        result.failed
        result.failedStep == 'Build and start api and worker'
        result.handlers == ["onFailure of 'Build and start api and worker'", 'onFailure']
        ran "git -C /srv/stateflow checkout --detach $RUNNING"
        calls.of('compose').count { it.text.contains('.up(') } == 2
        notified slack: ~/FAILED at 'Build and start api and worker': .*npm ci exited with 1/
    }

    def "an api that comes up with the wrong version fails the version gate"() {
        given:
        http.get(HEALTH) >> [status: 200, json: [database: 'connected']]
        http.get(VERSION) >> [status: 200, json: [version: 'v2.4.0']]

        when:
        def result = run(version: 'v2.3.1')

        then:
        result.failed
        result.failedStep == 'api reports the release'
        result.gates['api reports the release'] == false
        notified slack: ~/FAILED at 'api reports the release'/
    }
}
