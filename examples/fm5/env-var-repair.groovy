// FM5, environment-variable repair: a deploy lost or garbled a Worker secret (the usual one: STRIPE_SECRET_KEY
// rotated in the vault but not in the Worker). The page said: `wrangler secret list`, compare with the list in the
// README, `wrangler secret put` each missing one, pasting the value from 1Password. Here the value comes from the
// environment of the run (exported from the vault), is piped to wrangler on stdin, and never appears anywhere.
//
//   STRIPE_SECRET_KEY=$(op read op://fm5/stripe/secret) ./runbook exec examples/fm5/env-var-repair.groovy -p name=STRIPE_SECRET_KEY
runbook('fm5-env-var-repair') {
    title 'FM5: put a missing or wrong Worker secret back'
    owner 'fm5-team'
    tags 'fm5', 'cloudflare', 'wrangler', 'config'
    severity P2

    param 'name', required: true, choices: ['STRIPE_SECRET_KEY', 'DATABASE_URL', 'JWT_SIGNING_KEY', 'RESEND_API_KEY'],
          description: 'the secret to repair; its value must be in the environment under the same name'
    param 'worker', default: 'fm5-api', pattern: ~/[a-z0-9-]+/
    param 'baseUrl', default: 'https://api.fm5.app'
    secret 'STRIPE_SECRET_KEY', required: false
    secret 'DATABASE_URL', required: false
    secret 'JWT_SIGNING_KEY', required: false
    secret 'RESEND_API_KEY', required: false

    step('Compare with the expected secrets', timeout: 1.minute, idempotent: true) {
        // env, not secrets: reading an optional secret that is not set is an error of its own
        if (!env[params.name]) fail "${params.name} is not in this run's environment: export it from the vault first (see the comment at the top)"
        def names = sh("wrangler secret list --name ${params.worker} --format json", quiet: true).text.findAll(/"name"\s*:\s*"([A-Z0-9_]+)"/) { all, n -> n }
        def expected = new File(runbookDir, 'expected-secrets.txt').readLines()*.trim().findAll { it && !it.startsWith('#') }
        def missing = expected - names
        log "on ${params.worker}: ${names.join(', ')}; missing: ${missing ?: 'none'}"
        missing.join(' ')
    }

    requireApproval P2, reason: "replaces a production secret of the Worker", within: 1.hour

    step('Put the secret', timeout: 1.minute, retry: 1, backoff: 10.seconds, idempotent: true) {
        // the value goes through the environment and stdin: never on a command line, masked in every output
        sh "printf '%s' \"\$SECRET_VALUE\" | wrangler secret put ${params.name} --name ${params.worker}",
           env: [SECRET_VALUE: secrets[params.name]]
    }

    gate('the Worker sees its configuration', within: 2.minutes, every: 10.seconds) {
        def r = http.get("${params.baseUrl}/health/config", timeout: 5.seconds)
        r.status == 200 && !(params.name in (r.json?.missing ?: []))
    }

    gate('payments work', within: 3.minutes, every: 30.seconds) {
        params.name != 'STRIPE_SECRET_KEY' || http.post("${params.baseUrl}/internal/synthetic/checkout", timeout: 20.seconds).json?.ok
    }

    step('Tell the team', timeout: 30.seconds) {
        def stillMissing = steps['Compare with the expected secrets'].value.tokenize(' ') - params.name
        notify slack: '#fm5-incidents', text: "FM5 ${params.worker}: ${params.name} repaired." + (stillMissing ? " Still missing: ${stillMissing.join(', ')}." : '')
    }

    onFailure { failure ->
        notify slack: '#fm5-incidents', text: "FM5 secret repair of ${params.name} FAILED at '${failure.step}': ${failure.message}"
    }
}
