import dev.runbook.testing.RunbookSpecification

class RestoreFromS3Spec extends RunbookSpecification {
    static final Map PARAMS = [database: 'shop', bucket: 'shop-backups', incidentStart: '2024-01-15T03:20:00Z', writers: 'api,worker']
    static final String KEY = 'backups/shop_20240115T031500Z.sql.gz'

    def setup() {
        load 'restore-from-s3.groovy'
        approver 'lena', role: 'lead'
        operatorAnswers confirm: 'RESTORE'
        s3.on('latest') { [key: KEY, uri: "s3://shop-backups/$KEY", time: '2024-01-15T03:15:00Z', size: 48_213_551] }
        s3.on('download') { [file: '/runs/r1/shop_20240115T031500Z.sql.gz'] }
        pg.on('dump') { call -> [file: call.named.to] }
        pg.on('verifyBackup') { [ok: true, format: 'plain', gzipped: true, entries: 31] }
        pg.on('connect.scalar') { call -> call.args[0] == 'SELECT 1' ? 1 : 42 }
        pg.on('connect.count') { 1200 }
    }

    private List<String> order() {
        calls.all.findAll { it.kind in ['docker', 'pg', 's3', 'confirm'] }*.text
                .findAll { it =~ /stop|start|dump|upload|download|restore\(|RESTORE/ }
    }

    def "stops the writers, keeps the current state, restores the last backup before the incident, checks it and starts the writers"() {
        when:
        def result = run(PARAMS + [checkTable: 'users'])

        then:
        result.succeeded
        called "s3.latest(prefix: 'backups/', before: '2024-01-15T03:20:00Z', 'shop-backups')"
        order().collect { it.replaceAll(/\/tmp\/\S+\/(\S+)/, '…/$1') } == [
                "docker.container('api').stop(timeout: 30)", "docker.container('worker').stop(timeout: 30)",
                "pg.dump(to: '…/shop-before-restore.dump', 'shop')",
                "s3.upload('…/shop-before-restore.dump', 'shop-backups', 'emergency/shop-${result.result.runId()}.dump')".toString(),
                "s3.download(to: …/${result.result.runDir().fileName}, 'shop-backups', '$KEY')".toString(),
                'RESTORE → typed',
                "pg.restore(from: '/runs/r1/shop_20240115T031500Z.sql.gz', clean: true, 'shop')",
                "docker.container('api').start()", "docker.container('worker').start()"]
        called "pg.connect(database: 'shop').count('users')"
        result.approvedBy == ['lena']
        notified slack: '#incidents', text: ~/shop restored from s3:\/\/shop-backups\/backups\/shop_20240115T031500Z.sql.gz; the state before is in s3:\/\/shop-backups\/emergency\/shop-/
    }

    def "with no backup before the incident, nothing is stopped and nobody is asked"() {
        given:
        s3.fail('latest', "s3: no object under s3://shop-backups/backups/ older than 2024-01-15T03:20:00Z — 3 there, the oldest taken 2024-01-16T00:00:00Z")

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failedStep == 'Find the backup'
        result.approvalsAsked == []
        order() == []
        notified ~/FAILED at 'Find the backup'.*shop was not touched/
    }

    def "a writer that does not stop gets every writer started again, before the database is touched"() {
        given:
        docker.fail(~/container\('worker'\)\.stop/, 'docker: stop of container worker failed: timeout')

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.handlers == ["onFailure of 'Stop the writers'", 'onFailure']
        called "docker.container('api').start()"
        called "docker.container('worker').start()"
        notCalled ~/pg\./
    }

    def "without an emergency backup there is no restore, and the writers run again"() {
        given:
        pg.fail('dump', 'pg: pg_dump of shop failed: No space left on device')

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failedStep == 'Emergency backup of the current state'
        notCalled ~/pg\.restore/
        called "docker.container('api').start()"
        result.logs.contains('no emergency backup, so no restore: the database was not touched and the writers were started again')
        notified ~/FAILED at 'Emergency backup of the current state'.*No space left.*shop was not touched/
    }

    def "a download that keeps failing starts the writers again and leaves the database alone"() {
        given:
        s3.fail('download', 's3: download of s3://shop-backups/backups/x failed: Access Denied')

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.step('Download the backup').attempts == 3
        notCalled ~/pg\.restore/
        called "docker.container('worker').start()"
    }

    def "without the word RESTORE the database is never overwritten"() {
        given:
        operatorAnswers confirm: []

        when:
        def result = run(PARAMS)

        then:
        result.aborted
        notCalled ~/pg\.restore/
    }

    def "a restore that fails changes nothing (one transaction): no second restore, the writers stay stopped"() {
        given:
        pg.on('restore', times: 1) { throw new IllegalStateException('pg_restore: error: could not execute query: ERROR: out of memory') }

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failedStep == 'Restore the backup'
        calls.all.count { it.text.startsWith('pg.restore(') } == 1
        notCalled ~/start\(\)/
        notified ~/FAILED at 'Restore the backup'.*out of memory.*shop is as it was \(the restore is one transaction\); writers stopped/
    }

    def "a backup that does not read whole is refused before RESTORE is asked, and the writers run again (issue 19)"() {
        given:
        pg.on('verifyBackup') { [ok: false, problem: 'the gzip data is cut short or corrupt: Unexpected end of ZLIB input stream'] }

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failedStep == 'Verify the backup'
        result.failure.contains('is not whole: the gzip data is cut short')
        notCalled ~/pg\.restore|RESTORE/
        called "docker.container('worker').start()"
        notified ~/FAILED at 'Verify the backup'.*shop was not touched/
    }

    def "restored data that fails its integrity checks keeps the writers stopped"() {
        given:
        pg.fail('connect.check', "pg: check 'after the restore' failed: invalid indexes = 2, expected 0")

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failedStep == 'Check integrity'
        result.handlers == ["onFailure of 'Check integrity'", 'onFailure']
        notCalled ~/start\(\)/
        notified ~/FAILED at 'Check integrity'.*shop holds the backup/
    }

    def "an empty check table fails the checks"() {
        given:
        pg.on('connect.count') { 0 }

        when:
        def result = run(PARAMS + [checkTable: 'users'])

        then:
        result.failed
        result.failure.contains('users is empty after the restore')
    }

    def "a restore without writers to stop skips those steps and checks the database answers"() {
        when:
        def result = run(database: 'shop', bucket: 'shop-backups', incidentStart: '2024-01-15T03:20:00Z')

        then:
        result.succeeded
        result.statuses['Stop the writers'] == 'skipped'
        result.statuses['Restart the writers'] == 'skipped'
        called "pg.connect(database: 'shop').scalar('SELECT 1')"
    }

    def "an incident time that is not UTC ISO-8601 is refused before anything runs"() {
        when:
        run(database: 'shop', bucket: 'shop-backups', incidentStart: 'yesterday 3am')

        then:
        thrown(dev.runbook.diag.RunbookProblemsException)
        calls.all.isEmpty()
    }
}
