import dev.runbook.testing.RunbookSpecification

/** rollback.groovy: evidence, the three rollback methods, the verification checklist and the messages. */
class AiSaasRollbackSpec extends RunbookSpecification {
    static final String HEALTH = 'https://api.example-ai.com/health'
    static final String DISPATCH = 'https://api.github.com/repos/example-ai/platform/actions/workflows/deploy.yml/dispatches'
    static final String RUNS = 'https://api.github.com/repos/example-ai/platform/actions/workflows/deploy.yml/runs?event=workflow_dispatch&per_page=1'

    static Map prom(Object value) { [status: 200, json: [status: 'success', data: [result: [[metric: [:], value: [1764150000, String.valueOf(value)]]]]]] }

    double errorRate = 0.004
    double p95 = 0.6

    def setup() {
        load 'rollback.groovy'
        approver 'ravi', role: 'lead'
        http.get({ it.contains('http_requests_total') }) >> { prom(errorRate) }
        http.get({ it.contains('http_request_duration_seconds_bucket') }) >> { prom(p95) }
        http.get(HEALTH) >> [status: 200, json: [status: 'ok']]
        k8s.on('logs') { [text: 'upstream timeout calling model gateway\n'] }
        k8s.on('events') { [] }
        k8s.on('deployment.history') { [[revision: 41, images: ['ai-api:v3.7.2']], [revision: 42, images: ['ai-api:v3.8.0']]] }
        k8s.on('deployment.undo') { call -> [fromRevision: 42, toRevision: call.named.toRevision ?: 41, images: ['ai-api:v3.7.2']] }
        k8s.on('deployment.status') { [done: true, ready: 4, desired: 4] }
        k8s.on('deployment.scale') { call -> [before: '4', after: String.valueOf(call.args[0])] }
        pg.on('connect.migrations.current') { '20261118093000' }
        pg.on('connect.query') { [] }
        compose.on('logs') { [text: 'api log\n'] }
        compose.on('pinImage') { call -> [from: 'example-ai/api:v3.8.0', to: "example-ai/api:${call.args[1]}".toString(), backup: 'x.bak'] }
    }

    def "kubernetes: saves the evidence, tells users, undoes the rollout, verifies and says it is resolved"() {
        when:
        def result = run(reason: '5xx at 7% since v3.8.0')

        then:
        result.steps.findAll { k, v -> !(v.status in ['ok', 'skipped']) }.collect { k, v -> "$k: ${v.error}" } == []
        result.succeeded
        ['api-logs.txt', 'k8s-events.txt', 'metrics-before.txt', 'database-state.txt'].every { new File(result.result.runDir().toFile(), it).exists() }
        notified slack: '#ai-incidents', text: ~/Investigating: AI API errors. We are rolling back the latest release \(kubernetes\) because: 5xx at 7% since v3.8.0/
        notified webhook: 'https://status.example-ai.com/api/incidents'
        called ~/k8s.deployment\(ns: 'prod', 'ai-api'\).undo\(\)/
        called ~/status\(wait: 5m\)/
        result.statuses['Scale'] == 'skipped'
        result.statuses['Pin the image'] == 'skipped'
        result.statuses['Trigger the deploy workflow'] == 'skipped'
        result.gates.values().every()
        notified slack: ~/Resolved: the AI API is back on revision 41 \(ai-api:v3.7.2\)/
        // the users hear of it before anything changes
        calls.all.findIndexOf { it.kind == 'notify' } < calls.all.findIndexOf { it.text.contains('undo') }
    }

    def "kubernetes: a given revision and replica count are used"() {
        when:
        def result = run(reason: 'p95 3 s', toRevision: 39, replicas: 6)

        then:
        result.succeeded
        called ~/undo\(toRevision: 39\)/
        called ~/scale\(6\)/
    }

    def "kubernetes: a rollout that does not finish shows the pods that are not ready and the warnings, then pages"() {
        given:
        k8s.fail('deployment.status', 'deployment prod/ai-api: not finished after 5m: 2 of 4 updated replicas ready')
        k8s.on('pods') { [[name: 'ai-api-7d9f-x1', ready: false, status: 'CrashLoopBackOff'], [name: 'ai-api-7d9f-x2', ready: true, status: 'Running']] }
        k8s.on('events') { [[type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container']] }

        when:
        def result = run(reason: '5xx')

        then:
        result.failed
        result.failedStep == 'Wait for the rollout'
        result.handlers == ["onFailure of 'Wait for the rollout'", 'onFailure', 'always']
        result.journal.any { it.type() == 'step.log' && it.data().text?.contains('not ready: ai-api-7d9f-x1 CrashLoopBackOff') }
        notified pagerduty: ~/rollback failed at Wait for the rollout/
    }

    def "compose: pins the tag, pulls and starts that service"() {
        when:
        def result = run(reason: '5xx', method: 'compose', tag: 'v3.7.2', deployment: 'api')

        then:
        result.succeeded
        called ~/pinImage\('api', 'v3.7.2'\)/
        called ~/up\(services: \[api\]\)/
        notCalled ~/k8s/
        notified slack: ~/back on v3.7.2/
    }

    def "compose: an image that does not start is replaced by the one that ran before"() {
        given:
        compose.fail('up', times: 1, 'compose project: up failed: manifest for example-ai/api:v3.7.2 not found (exit code 1)')

        when:
        def result = run(reason: '5xx', method: 'compose', tag: 'v3.7.2', deployment: 'api')

        then:
        result.failed
        result.handlers == ["onFailure of 'Start the pinned image'", 'onFailure', 'always']
        called ~/pinImage\('api', 'example-ai\/api:v3.8.0'\)/
    }

    def "compose and cicd need the tag to go back to"() {
        when:
        def result = run(reason: '5xx', method: 'compose')

        then:
        result.failed
        result.failedStep == 'Check the inputs'
        notCalled ~/./
    }

    def "cicd: dispatches the deploy workflow with the tag, waits for it and verifies"() {
        given:
        env.GITHUB_TOKEN = 'ghp_spec_token_123'
        1 * http.post(DISPATCH) >> [status: 204]
        http.get(RUNS) >> [json: [workflow_runs: [[status: 'in_progress']]]] >> [json: [workflow_runs: [[status: 'completed', conclusion: 'success', html_url: 'https://github.com/x/runs/1']]]]

        when:
        def result = run(reason: '5xx', method: 'cicd', tag: 'v3.7.2')

        then:
        result.succeeded
        result.gates['deploy workflow finished (cicd)']
        notified slack: ~/back on v3.7.2/
        !result.journal.any { it.toString().contains('ghp_spec_token_123') }
    }

    def "cicd: a deploy workflow that fails stops the rollback with its link"() {
        given:
        env.GITHUB_TOKEN = 'ghp_spec_token_123'
        http.post(DISPATCH) >> [status: 204]
        http.get(RUNS) >> [json: [workflow_runs: [[status: 'completed', conclusion: 'failure', html_url: 'https://github.com/example-ai/platform/actions/runs/77']]]]

        when:
        def result = run(reason: '5xx', method: 'cicd', tag: 'v3.7.2')

        then:
        result.failed
        result.failedStep == 'Deploy workflow succeeded'
        notified slack: ~/ended failure: https:\/\/github.com\/example-ai\/platform\/actions\/runs\/77/
    }

    def "missing evidence is recorded but never holds the rollback up"() {
        given:
        pg.fail('connect.migrations.current', 'connect to db.prod:5432 failed: too many connections')

        when:
        def result = run(reason: '5xx')

        then:
        result.succeeded
        result.statuses['Save the database state'] == 'failed continued'
    }

    def "an error rate that does not come down under 1% fails verification after 15 minutes, and pages"() {
        given:
        errorRate = 0.03

        when:
        def result = run(reason: '5xx')

        then:
        result.failed
        result.failedStep == '5xx rate under 1% for 5 minutes'
        clock.elapsed() >= java.time.Duration.ofMinutes(15)
        notified pagerduty: ~/rollback failed/
        !notifications.any { it.text.startsWith('Resolved') }
    }
}
