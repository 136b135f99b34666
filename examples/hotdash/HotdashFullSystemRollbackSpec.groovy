import dev.runbook.model.Severity
import dev.runbook.testing.RunbookSpecification

/** full-system-rollback.groovy: maintenance on, backup, schema back, app back, maintenance off, verified. */
class HotdashFullSystemRollbackSpec extends RunbookSpecification {
    static final String SITE = 'https://hotdash.fly.dev/'
    static final String HEALTH = 'https://hotdash.fly.dev/api/health'

    boolean maintenance = false
    boolean healthy = true

    def setup() {
        load 'full-system-rollback.groovy'
        env.SUPABASE_DB_URL = 'postgresql://postgres:pw@db.abcd.supabase.co:5432/postgres'
        approver 'alice', role: 'lead'
        approver 'dora', role: 'manager'
        operatorAnswers confirm: 'FULL'
        severity = Severity.P1
        fly.on('releases') { [[version: 214, imageRef: 'registry.fly.io/hotdash:deployment-214'], [version: 212, imageRef: 'registry.fly.io/hotdash:deployment-212']] }
        fly.on('rollback') { call -> [version: call.args[1]] }
        fly.on('status') { [healthy: healthy] }
        supabase.on('migrations') { [[version: '20261118120000', applied: true], [version: '20261125150000', applied: true]] }
        pg.on('dump') { call -> [file: call.named.to] }
        pg.on('connect.migrations.rollbackTo') { call -> [rolledBack: ['20261125150000'], to: call.args[0]] }
        def spec = this     // shell answers resolve names on the answer: reach the spec's field through a local
        shell.on('flyctl secrets set MAINTENANCE_MODE=true --app hotdash') { spec.maintenance = true }
        shell.on('flyctl secrets set MAINTENANCE_MODE=false --app hotdash') { spec.maintenance = false }
        http.get(SITE) >> { [status: maintenance ? 503 : 200] }
        http.get(HEALTH) >> [status: 200, json: [status: 'ok']]
    }

    def "rolls schema and app back behind the maintenance page, with a lead and a manager approving"() {
        when:
        def result = run(version: 'v212', toVersion: '20261118120000')

        then:
        result.succeeded
        result.approvedBy == ['alice', 'dora']
        def texts = calls.all*.text
        def at = { String what -> texts.findIndexOf { it.contains(what) } }
        at('MAINTENANCE_MODE=true') < at('pg.dump')
        at('pg.dump') < at('rollbackTo')
        at('rollbackTo') < at("fly.rollback(strategy: 'immediate', 'hotdash', 'v212')")
        at('fly.rollback') < at('MAINTENANCE_MODE=false')
        !maintenance
        notified slack: ~/fully rolled back: app v212, schema 20261118120000; maintenance mode is off/
    }

    def "without a schema version only the app goes back and no manager is asked"() {
        when:
        def result = run(version: 'v212')

        then:
        result.succeeded
        result.approvedBy == ['alice']
        notCalled ~/rollbackTo/
        result.statuses['Undo the migrations'] == 'skipped'
    }

    def "when the app does not come back, HotDash stays in maintenance mode on purpose and the team is told how to leave it"() {
        given:
        healthy = false

        when:
        def result = run(version: 'v212', toVersion: '20261118120000')

        then:
        result.failed
        result.failedStep == 'every machine passes its checks'
        maintenance
        notRan 'flyctl secrets set MAINTENANCE_MODE=false --app hotdash'
        notified slack: ~/still in MAINTENANCE MODE on purpose.*Backup: .*hotdash-before-full-rollback.dump/
    }

    def "a release Fly does not have is refused before the site is touched"() {
        when:
        def result = run(version: 'v150')

        then:
        result.failed
        result.failedStep == 'Check the release and the schema'
        notRan ~/MAINTENANCE_MODE/
        !notifications.any { it.text.contains('MAINTENANCE MODE') }
    }
}
