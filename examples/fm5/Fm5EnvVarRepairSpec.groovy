import dev.runbook.testing.RunbookSpecification

/** env-var-repair.groovy: the secret compared, put back through stdin, and the Worker checked. */
class Fm5EnvVarRepairSpec extends RunbookSpecification {
    static final String CONFIG = 'https://api.fm5.app/health/config'
    static final String CHECKOUT = 'https://api.fm5.app/internal/synthetic/checkout'
    static final String STRIPE = 'sk_live_51Hspec000secret'

    def setup() {
        load 'env-var-repair.groovy'
        approver 'mo', role: 'manager'
        shell.on('wrangler secret list --name fm5-api --format json') { stdout '[{"name":"DATABASE_URL","type":"secret_text"},{"name":"JWT_SIGNING_KEY","type":"secret_text"}]' }
        shell.on(~/wrangler secret put/)
    }

    def "puts the missing secret through stdin, waits until the Worker sees it, and checks payments"() {
        given:
        env.STRIPE_SECRET_KEY = STRIPE
        http.get(CONFIG) >> [json: [missing: ['STRIPE_SECRET_KEY']]] >> [status: 200, json: [missing: []]]
        http.post(CHECKOUT) >> [status: 200, json: [ok: true]]

        when:
        def result = run(name: 'STRIPE_SECRET_KEY')

        then:
        result.succeeded
        result.step('Compare with the expected secrets').value == 'RESEND_API_KEY STRIPE_SECRET_KEY'
        ran 'printf \'%s\' "$SECRET_VALUE" | wrangler secret put STRIPE_SECRET_KEY --name fm5-api'
        calls.of('sh').every { !it.text.contains(STRIPE) }
        !result.journal.any { it.toString().contains(STRIPE) }
        notified slack: ~/STRIPE_SECRET_KEY repaired. Still missing: RESEND_API_KEY/
    }

    def "without the value in the environment nothing is changed"() {
        when:
        def result = run(name: 'STRIPE_SECRET_KEY')

        then:
        result.failed
        result.failure.contains('export it from the vault first')
        notRan ~/wrangler/
    }

    def "a Worker that still reports the secret missing fails the run"() {
        given:
        env.STRIPE_SECRET_KEY = STRIPE
        http.get(CONFIG) >> [status: 200, json: [missing: ['STRIPE_SECRET_KEY']]]

        when:
        def result = run(name: 'STRIPE_SECRET_KEY')

        then:
        result.failed
        result.failedStep == 'the Worker sees its configuration'
        notified slack: ~/repair of STRIPE_SECRET_KEY FAILED/
    }
}
