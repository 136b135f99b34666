// StateFlow, complete infrastructure rollback: a change to the stack itself (compose file, postgres settings,
// networks, env) broke everything, so the whole deployment goes back to a previous tag of the deploy repository.
// The database volume is kept; its data is not rolled back here (that is database-pitr-restore.groovy). The page
// it replaces: pg_dump "just in case", docker compose down, git checkout, docker compose up -d, check each service.
//
//   ./runbook exec examples/stateflow/full-infrastructure-rollback.groovy -p release=infra-2026.11.20 --severity P0
runbook('stateflow-full-infrastructure-rollback') {
    title 'StateFlow: roll the whole stack back to a previous deploy-repository tag'
    description 'Dumps the database, takes the stack down (volumes kept), checks out the previous infrastructure tag, pulls, starts and verifies every service.'
    owner 'stateflow-team'
    tags 'stateflow', 'compose', 'infrastructure', 'rollback'
    severity P1

    param 'release', required: true, pattern: ~/infra-\d{4}\.\d\d\.\d\d(\.\d+)?/, description: 'the deploy-repository tag that worked'
    param 'deployDir', default: '/srv/stateflow-deploy', pattern: ~/\/\S+/, description: 'the checkout of the deploy repository'
    param 'project', default: 'stateflow', pattern: ~/[a-z0-9][a-z0-9_-]*/
    param 'database', default: 'stateflow', pattern: ~/[a-z_][a-z0-9_]*/
    param 'baseUrl', default: 'http://127.0.0.1:4000'
    param 'expectedMigration', default: '', pattern: ~/(\d{14})?/,
          description: 'the schema version that release expects (empty: do not check)'

    health { http "${params.baseUrl}/api/health", expect: 200, json: { it.database == 'connected' } }

    step('Record the current deployment', timeout: 1.minute, idempotent: true) {
        def stack = compose("${params.deployDir}/docker-compose.prod.yml", project: params.project)
        stack.ps().each { c -> log "${c.service}: ${c.image} ${c.state}" }
        sh("git -C ${params.deployDir} rev-parse HEAD", quiet: true).text
    }

    step('Dump the database', timeout: 30.minutes, expected: 5.minutes, idempotent: true) {
        pg.dump(params.database, to: "${workdir}/${params.database}-before-infra-rollback.dump").file.toString()
    }

    confirm 'DOWN', prompt: 'takes the whole StateFlow stack down: users see errors until it is back'
    requireApproval P1, reason: 'full outage while the stack is re-created', within: 30.minutes

    step('Take the stack down', timeout: 3.minutes, idempotent: true) {
        // volumes: false keeps the postgres volume; never -v here
        compose("${params.deployDir}/docker-compose.prod.yml", project: params.project).down(volumes: false)
    }

    step('Check out the previous infrastructure', timeout: 2.minutes, retry: 1, backoff: 10.seconds, idempotent: true) {
        sh "git -C ${params.deployDir} fetch --tags origin"
        sh "git -C ${params.deployDir} checkout --detach ${params.release}"
    }

    step('Pull its images', timeout: 10.minutes, expected: 2.minutes, retry: 2, backoff: 30.seconds, idempotent: true) {
        compose("${params.deployDir}/docker-compose.prod.yml", project: params.project).pull()
    }

    step('Start the stack', timeout: 5.minutes, expected: 1.minute) {
        compose("${params.deployDir}/docker-compose.prod.yml", project: params.project).up(detach: true)
        onFailure { failure ->
            def before = steps['Record the current deployment'].value
            sh "git -C ${params.deployDir} checkout --detach ${before}"
            compose("${params.deployDir}/docker-compose.prod.yml", project: params.project).up(detach: true)
            log "${params.release} did not start; started the deployment that was running (${before.take(12)}) again"
        }
    }

    gate('api, worker and postgres running', within: 2.minutes, every: 5.seconds) {
        def running = compose("${params.deployDir}/docker-compose.prod.yml", project: params.project).ps().findAll { it.running }*.service
        running.containsAll(['api', 'worker', 'postgres'])
    }

    gate health(within: 3.minutes, every: 5.seconds)

    step('Schema is what the release expects', timeout: 1.minute, when: { params.expectedMigration }) {
        def current = pg.migrations(database: params.database).current()
        if (current != params.expectedMigration) {
            fail "the database is at migration ${current}, ${params.release} expects ${params.expectedMigration} — restore or migrate the database before users come back"
        }
    }

    manual 'Sign in, open a board, move a task; check that the worker sends the notification e-mail'

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#stateflow-incidents', text: "StateFlow infrastructure rolled back to ${params.release}; every service runs and the api is healthy."
    }

    onFailure { failure ->
        notify slack: '#stateflow-incidents',
               text: "StateFlow infrastructure rollback to ${params.release} FAILED at '${failure.step}': ${failure.message}. " +
                     "The database dump taken first: ${steps['Dump the database']?.value ?: 'none (failed before it)'}"
    }
}
