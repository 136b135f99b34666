import dev.runbook.testing.RealParts
import dev.runbook.testing.RunbookSpecification

/**
 * database-pitr-restore.groovy: the newest S3 backup before the incident, with the current state saved first.
 * The happy path also runs under {@code runbook test --real} against the PostgreSQL at PGHOST and the S3 API at
 * AWS_ENDPOINT_URL_S3 (Compose stays a fake: there is no StateFlow stack to stop), which must hold the stateflow
 * database and the backups under s3://stateflow-backups/postgres/: StateflowRealModeSpec prepares that world.
 */
class StateflowDatabasePitrRestoreSpec extends RunbookSpecification {
    static final String HEALTH = 'http://127.0.0.1:4000/api/health'
    static final String BACKUP = 'postgres/stateflow_20261126T090000Z.sql.gz'

    def setup() {
        load 'database-pitr-restore.groovy'
        approver 'dana', role: 'lead'
        operatorAnswers confirm: 'RESTORE'
        s3.on('latest') { [key: BACKUP, uri: "s3://stateflow-backups/$BACKUP".toString(), time: '2026-11-26T09:00:00Z', size: 48_213_004] }
        s3.on('download') { call -> [file: "/runs/x/${call.args[1].tokenize('/')[-1]}".toString()] }
        pg.on('dump') { call -> [file: call.named.to, bytes: 51_000_000] }
        pg.on('connect.count') { 120 }
    }

    @RealParts(['pg', 's3'])
    def "restores the newest backup before the incident with the writers stopped, checks it, and starts them again"() {
        given:
        http.get(HEALTH) >> [status: 200, json: [database: 'connected']]

        when:
        def result = run(incidentStart: '2026-11-26T09:40:00Z')

        then:
        result.succeeded
        called ~/s3.latest\(prefix: 'postgres\/', suffix: '.sql.gz', before: '2026-11-26T09:40:00Z', 'stateflow-backups'\)/
        called ~/\.stop\('api', 'worker'\)/
        // the dump's file: a String in the fake's answer, a Path (shown unquoted) from the real pg.dump
        called ~/s3.upload\('?\/.*stateflow-before-restore.dump'?, 'stateflow-backups', 'emergency\/.*\/stateflow-before-restore.dump'\)/
        // the file the download wrote, wherever the run keeps it (a fake answers /runs/x/, a real download the run's workdir)
        called ~/pg.restore\(from: '\/.*\/stateflow_20261126T090000Z.sql.gz', clean: true, 'stateflow'\)/
        called ~/pg.connect\(database: 'stateflow'\).check\('after the restore'/
        called ~/\.start\('api', 'worker'\)/
        // the order a DBA would insist on: stop writers, save, restore, check, start
        def order = calls.all*.text.findIndexValues { it =~ /\.stop\(|pg.dump|pg.restore|\.check\(|\.start\(/ }
        order == order.sort(false)
        result.approvedBy == ['dana']
        notified slack: ~/restored to postgres\/stateflow_20261126T090000Z.sql.gz \(before 2026-11-26T09:40:00Z\)/
    }

    def "when no backup is older than the incident, nothing is stopped and nobody is asked to approve"() {
        given:
        s3.fail('latest', 'no object under s3://stateflow-backups/postgres/ older than 2026-11-26T09:40:00Z — 3 there, the oldest taken 2026-11-26T10:00:00Z')

        when:
        def result = run(incidentStart: '2026-11-26T09:40:00Z')

        then:
        result.failed
        result.failedStep == 'Find the backup before the incident'
        result.approvalsAsked == []
        notCalled ~/stop|restore|dump/
        notified slack: ~/FAILED at 'Find the backup before the incident'/
        !notifications.any { it.text.contains('STOPPED') }
    }

    def "an operator who does not type RESTORE stops the run before anything changes"() {
        given:
        operatorAnswers confirm: []

        when:
        def result = run(incidentStart: '2026-11-26T09:40:00Z')

        then:
        result.aborted
        result.exitCode == 3
        notCalled ~/stop|restore|dump/
    }

    def "a restore that fails halfway puts the saved state back and says the writers are still stopped"() {
        given:
        pg.fail('restore', times: 1, "restore of 'stateflow' failed: pg_restore: error: could not read input file: unexpected end of file")

        when:
        def result = run(incidentStart: '2026-11-26T09:40:00Z')

        then:
        result.failed
        result.failedStep == 'Restore the backup'
        result.handlers == ["onFailure of 'Restore the backup'", 'onFailure']
        called ~/pg.restore\(from: '.*stateflow-before-restore.dump', clean: true, 'stateflow'\)/
        notCalled ~/\.start\(/
        notified slack: ~/FAILED at 'Restore the backup'.*The api and the worker are STOPPED/
    }

    def "restored data that fails an integrity check keeps the writers stopped and says so"() {
        given:
        pg.fail('connect.check', "check 'after the restore' failed on stateflow: tasks without a board = 3 (expected 0)")

        when:
        def result = run(incidentStart: '2026-11-26T09:40:00Z')

        then:
        result.failed
        result.failedStep == 'Check the restored data'
        notCalled ~/\.start\(/
        notified slack: ~/tasks without a board = 3.*STOPPED/
    }

    def "an incident time that is not UTC ISO-8601 is refused before anything runs"() {
        when:
        run(incidentStart: '26/11/2026 09:40')

        then:
        def e = thrown(dev.runbook.diag.RunbookProblemsException)
        e.message.contains("param 'incidentStart'")
        calls.all.isEmpty()
    }
}
