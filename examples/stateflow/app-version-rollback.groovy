// StateFlow, application version rollback: the release is built on the host from the git repository (no image
// registry), so going back means checking out the previous release tag and rebuilding api and worker. The page it
// replaces: git checkout <tag>, docker compose build, docker compose up -d, "watch the logs".
//
//   ./runbook exec examples/stateflow/app-version-rollback.groovy -p version=v2.3.1
runbook('stateflow-app-version-rollback') {
    title 'StateFlow: rebuild and run the previous release from git'
    description 'Checks out the previous release tag in the deploy checkout, rebuilds api and worker, and verifies them. Puts the current commit back when the old release does not build or start.'
    owner 'stateflow-team'
    tags 'stateflow', 'compose', 'git', 'rollback'
    severity P1

    param 'version', required: true, pattern: ~/v\d+\.\d+\.\d+/, description: 'the release tag to go back to'
    param 'checkout', default: '/srv/stateflow', pattern: ~/\/\S+/, description: 'the git checkout the stack is built from'
    param 'composeFile', default: '/srv/stateflow/deploy/docker-compose.prod.yml', description: 'the production compose file'
    param 'project', default: 'stateflow', pattern: ~/[a-z0-9][a-z0-9_-]*/
    param 'baseUrl', default: 'http://127.0.0.1:4000', description: 'where the api answers (no trailing slash)'

    health { http "${params.baseUrl}/api/health", expect: 200, json: { it.database == 'connected' } }

    step('Record the deployed commit', timeout: 30.seconds, idempotent: true) {
        def dirty = sh("git -C ${params.checkout} status --porcelain", quiet: true).text
        if (dirty) fail "the checkout has local changes — commit or stash them first, the rollback would lose them: ${dirty}"
        sh("git -C ${params.checkout} rev-parse HEAD", quiet: true).text
    }

    step('Fetch the release tag', timeout: 2.minutes, retry: 2, backoff: 10.seconds, idempotent: true) {
        sh "git -C ${params.checkout} fetch --tags origin"
        sh "git -C ${params.checkout} rev-parse --verify --quiet '${params.version}^{commit}'"
    }

    step('Look for migrations since that release', timeout: 30.seconds, idempotent: true) {
        def added = sh("git -C ${params.checkout} diff --name-only --diff-filter=A ${params.version} HEAD -- db/migrations", quiet: true).text
        if (added) {
            log "migrations added since ${params.version}:\n${added}"
            manual "The database has migrations ${params.version} does not know (listed above): its code works with them, or the schema was rolled back first"
        }
        added ?: 'none'
    }

    requireApproval P1, reason: 'rebuilds and restarts api and worker', within: 30.minutes

    step('Check out the release', timeout: 30.seconds, idempotent: true) {
        sh "git -C ${params.checkout} checkout --detach ${params.version}"
    }

    step('Build and start api and worker', timeout: 15.minutes, expected: 4.minutes) {
        compose(params.composeFile, project: params.project).up(detach: true, build: true, services: ['api', 'worker'])
        onFailure { failure ->
            def before = steps['Record the deployed commit'].value
            sh "git -C ${params.checkout} checkout --detach ${before}"
            compose(params.composeFile, project: params.project).up(detach: true, build: true, services: ['api', 'worker'])
            log "${params.version} did not build or start; rebuilt and started ${before} again (the release that was running)"
        }
    }

    gate health(within: 3.minutes, every: 5.seconds)

    gate('api reports the release', within: 1.minute, every: 5.seconds) {
        http.get("${params.baseUrl}/api/version").json?.version == params.version
    }

    step('Tell the team', timeout: 30.seconds) {
        def migrations = steps['Look for migrations since that release'].value
        notify slack: '#stateflow-incidents',
               text: "StateFlow is back on ${params.version} (rebuilt from git; was ${steps['Record the deployed commit'].value.take(12)}). " +
                     "Migrations added since ${params.version}: ${migrations == 'none' ? 'none' : migrations.readLines().join(', ')}."
    }

    onFailure { failure ->
        notify slack: '#stateflow-incidents',
               text: "StateFlow rollback to ${params.version} FAILED at '${failure.step}': ${failure.message}. " +
                     "See where the checkout is: git -C ${params.checkout} log -1"
    }
}
