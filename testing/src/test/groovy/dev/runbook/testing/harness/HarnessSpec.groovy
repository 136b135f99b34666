package dev.runbook.testing.harness

import dev.runbook.testing.RunbookSpecification

import java.time.Duration

/** The runbook test harness, used the way a platform team uses it on a realistic rollback runbook. */
class HarnessSpec extends RunbookSpecification {
    static final String RUNBOOK = 'src/test/runbooks/harness/app-rollback.groovy'
    static final String HEALTH = 'http://127.0.0.1:4000/health'

    def setup() {
        load RUNBOOK
        shell.on(~/docker compose logs/)
        shell.on(~/docker compose up -d/) { stdout 'Container api  Started' }
        pg.on('connect.query') { [[n: 3]] }
        approver 'lena', role: 'lead'
    }

    def "a rollback that works runs every step, polls health until it passes, and tells the team it finished"() {
        given:
        http.get(HEALTH) >> [status: 503] >> [status: 503] >> [status: 200]

        when:
        def result = run(version: 'v1.2.3')

        then:
        result.succeeded
        result.statuses == ['approval P1': 'ok', 'Capture evidence': 'ok', 'Roll back image': 'ok', 'gate health': 'ok',
                            'Check the database': 'ok', 'Ask one test user to sign in': 'ok']
        result.gates == ['gate health': true]
        ran 'TAG=v1.2.3 docker compose up -d --no-build api'
        notRan 'docker compose restart api'
        called ~/pg.connect\('postgres:\/\/app@db\/app'\).query\('SELECT count/
        requests == [HEALTH, HEALTH, HEALTH].collect { "GET $it".toString() }
        notified slack: '#incidents', text: ~/finished/
        result.approvedBy == ['lena']
        result.handlers == ['always']
    }

    def "a command that fails twice and then works is retried with its backoff, in virtual time"() {
        given:
        shell.on(~/docker compose up -d/, times: 2) { exit 1; stderr 'Error: image not found' }
        http.get(HEALTH) >> 200

        when:
        def result = run(version: 'v1.2.3')

        then:
        result.succeeded
        result.step('Roll back image').attempts == 3
        ran times: 3, ~/docker compose up -d/
        clock.elapsed() >= Duration.ofSeconds(20)
    }

    def "when every attempt fails, the step's handler and the runbook's onFailure run and the team hears why"() {
        given:
        shell.on(~/docker compose up -d/) { exit 1; stderr 'Error: image not found' }
        shell.on('docker compose restart api')

        when:
        def result = run(version: 'v1.2.3')

        then:
        result.failed
        result.exitCode == 1
        result.failedStep == 'Roll back image'
        result.failure.contains('image not found')
        result.handlers == ["onFailure of 'Roll back image'", 'onFailure', 'always']
        ran 'docker compose restart api'
        notified slack: ~/FAILED at Roll back image/
    }

    def "a health gate that never passes fails after its window with the last observation, without waiting in real time"() {
        given:
        http.get(HEALTH) >> [status: 503, body: 'upstream down']
        shell.on('docker compose restart api')

        when:
        def result = run(version: 'v1.2.3')

        then:
        result.failed
        result.failure =~ /GET \/health → 503 \(expected 200\) after 2m, \d+ polls/
        result.gates == ['gate health': false]
        clock.elapsed() >= Duration.ofMinutes(2)
    }

    def "a command that runs longer than its step's timeout times the step out"() {
        given:
        load 'src/test/runbooks/harness/slow-restore.groovy'
        shell.on(~/pg_restore/) { sleep 45.minutes }

        when:
        def result = run()

        then:
        result.failed
        result.step('Restore').status == 'failed'
        result.failure.contains('timed out after 10m')
    }

    def "a sustained gate of fifteen minutes is tested in virtual time, and one bad poll restarts its window"() {
        given:
        load 'src/test/runbooks/harness/slow-restore.groovy'
        shell.on(~/pg_restore/) { sleep 4.minutes }
        def good = [status: 200, json: [rate: 0.001]]
        http.get('http://metrics.local/error-rate') >>> [good] * 10 + [[status: 200, json: [rate: 0.2]]] + [good] * 40

        when:
        def result = run()

        then:
        result.succeeded
        // 4 minutes of restore, 10 good polls (5 min), one bad, then 15 minutes of good polls
        clock.elapsed() >= Duration.ofMinutes(4 + 5 + 15)
        clock.elapsed() < Duration.ofMinutes(4 + 25 + 1)
    }

    def "a command the spec did not script fails the spec with the command line"() {
        given:
        load 'src/test/runbooks/harness/slow-restore.groovy'

        when:
        run()

        then:
        AssertionError e = thrown()
        e.message.contains('pg_restore --clean -d app /backups/latest.dump')
        e.message.contains("shell.on(")
        lastRun.failedStep == 'Restore'
    }

    def "reading a result the spec did not script fails the spec with the call and how to script it"() {
        given:
        def fresh = new dev.runbook.testing.FakeIntegration('pg', calls, [])
        http.get(HEALTH) >> 200
        pg.on('connect.query') { call -> throw new IllegalStateException('scripted away') }
        pg.on('connect.query', times: 0) {}

        when:
        def rows = fresh.forStep('Check').connect('postgres://x').query('SELECT 1')
        rows[0].n

        then:
        dev.runbook.engine.StepFailure e = thrown()
        e.message.contains("pg.connect('postgres://x').query('SELECT 1')")
        e.message.contains("pg.on('connect.query')")
    }

    def "without an approver the run waits in virtual time, and the spec says which approval nobody gave"() {
        given:
        people.approvers.clear()
        http.get(HEALTH) >> 200

        when:
        run(version: 'v1.2.3')

        then:
        AssertionError e = thrown()
        e.message.contains('no scripted approver')
        lastRun.aborted
        calls.of('sh').isEmpty()
    }

    def "the operator's answers decide manual items: declining one aborts the run"() {
        given:
        http.get(HEALTH) >> 200
        operatorAnswers manual: false

        when:
        def result = run(version: 'v1.2.3')

        then:
        result.aborted
        result.exitCode == 3
        calls.of('manual')*.text == ['Ask one test user to sign in → declined']
    }

    def "params are validated before anything runs"() {
        when:
        run(version: 'latest')

        then:
        def e = thrown(dev.runbook.diag.RunbookProblemsException)
        e.message.contains('version')
        calls.all.isEmpty()
    }

    def "the plan shows every step without running anything"() {
        expect:
        plan().contains('Roll back image')
        plan().contains('Check the database')
        calls.all.isEmpty()
    }

    def "what the runbook logged is in the result, in order"() {
        given:
        http.get(HEALTH) >> 200

        when:
        def result = run(version: 'v1.2.3')

        then:
        result.logs == ['pending jobs: 3']
    }

    def "calls named like Groovy's own inspect() and dump() reach the spec's rules"() {
        given:
        def docker = new dev.runbook.testing.FakeIntegration('docker', calls, [])
        docker.on('container.inspect') { [image: 'shop/api:v1.2.3'] }
        docker.on('dump') { [file: 'app.dump'] }

        expect:
        docker.forStep('Check').container('api').inspect().image == 'shop/api:v1.2.3'
        docker.forStep('Check').dump().file == 'app.dump'
        calls.all*.text.contains("docker.container('api').inspect()")
    }
}
