import dev.runbook.testing.RunbookSpecification

class RecoveryDbSwapSpec extends RunbookSpecification {
    static final Map PARAMS = [database: 'shop', from: 's3://shop-backups/daily/shop_20240115T031500Z.dump', checkTable: 'orders']

    def setup() {
        load 'recovery-db-swap.groovy'
        approver 'lena', role: 'lead'
        operatorAnswers confirm: 'SWAP'
        s3.on('download') { [file: '/runs/r1/shop_20240115T031500Z.dump'] }
        pg.on('connect.scalar') { call -> call.args[0] == 'SELECT 1' ? 1 : 31 }
        pg.on('connect.count') { call -> call.allNamed.database == 'shop_recovery' ? 10_412 : 10_380 }
    }

    private List<String> changes() {
        calls.of('pg')*.text.findAll { it =~ /createDatabase|restore|renameDatabase|swapDatabases|dropDatabase/ }
    }

    def "restores into a recovery database, verifies it, and swaps it in once approved and confirmed"() {
        when:
        def result = run(PARAMS)

        then:
        result.succeeded
        called "s3.download(to: ${result.result.runDir()}, 'shop-backups', 'daily/shop_20240115T031500Z.dump')"
        String broken = "shop_broken_${result.result.runId().replace('-', '_')}"
        changes() == ["pg.createDatabase('shop_recovery')",
                      "pg.restore(from: '/runs/r1/shop_20240115T031500Z.dump', 'shop_recovery')",
                      "pg.swapDatabases(terminate: true, 'shop', 'shop_recovery')",
                      "pg.renameDatabase(terminate: true, 'shop_recovery', '$broken')".toString()]
        result.logs.contains('orders: 10412 rows in the recovery database, 10380 in the live one')
        result.approvedBy == ['lena']
        notified slack: '#incidents', text: "shop swapped for a recovery restored from ${PARAMS.from}; the database before is kept as $broken"
    }

    def "a local backup file is used where it is"() {
        given:
        shell.on("test -r '/backups/shop.sql.gz'")

        when:
        def result = run(database: 'shop', from: '/backups/shop.sql.gz')

        then:
        result.succeeded
        notCalled ~/s3\./
        called "pg.restore(from: '/backups/shop.sql.gz', 'shop_recovery')"
    }

    def "a backup that is not there fails before any database is created"() {
        given:
        shell.on("test -r '/backups/shop.sql.gz'") { exit 1 }

        when:
        def result = run(database: 'shop', from: '/backups/shop.sql.gz')

        then:
        result.failed
        result.step('Get the backup').attempts == 3
        changes() == []
        notified ~/FAILED at 'Get the backup'.*shop was not swapped/
    }

    def "a recovery database that cannot be created stops the run with the live one untouched"() {
        given:
        pg.fail('createDatabase', 'pg: create database shop_recovery refused: database "shop_recovery" already exists')

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failedStep == 'Create the recovery database'
        notCalled ~/renameDatabase|swapDatabases|restore/
    }

    def "a failed restore drops the recovery database"() {
        given:
        pg.fail('restore', 'pg: pg_restore into shop_recovery failed: could not read input file')

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.handlers == ["onFailure of 'Restore into the recovery database'", 'onFailure']
        called "pg.dropDatabase(ifExists: true, terminate: true, 'shop_recovery')"
        notCalled ~/renameDatabase|swapDatabases/
    }

    def "a recovery database that fails its checks is dropped and never swapped in"() {
        given:
        pg.on('connect.count') { call -> call.allNamed.database == 'shop_recovery' ? 0 : 10_380 }

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failure.contains('orders is empty in shop_recovery')
        called "pg.dropDatabase(ifExists: true, terminate: true, 'shop_recovery')"
        result.approvalsAsked == []
        notCalled ~/renameDatabase|swapDatabases/
    }

    def "without the word SWAP the live database stays"() {
        given:
        operatorAnswers confirm: []

        when:
        def result = run(PARAMS)

        then:
        result.aborted
        notCalled ~/renameDatabase|swapDatabases/
    }

    def "a refused swap renames neither database (one transaction) and says so"() {
        given:
        pg.on('swapDatabases') { throw new IllegalStateException("pg: swap of databases 'shop' and 'shop_recovery' failed: must be a superuser to terminate superuser process") }

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failedStep == 'Swap the databases'
        notCalled ~/renameDatabase/
        result.logs.contains('the swap did not happen (one transaction): shop and shop_recovery are as they were')
        notified ~/FAILED at 'Swap the databases'.*superuser.*shop was not swapped/
    }

    def "a swap done whose follow-up rename fails says the swap was done and where the old database is"() {
        given:
        pg.on('renameDatabase') { throw new IllegalStateException("pg: rename of database 'shop_recovery' failed: permission denied") }

        when:
        def result = run(PARAMS)

        then:
        result.failed
        called "pg.swapDatabases(terminate: true, 'shop', 'shop_recovery')"
        result.logs.contains('the swap was done: shop is the recovered database; the one before is still named shop_recovery')
        notified ~/FAILED at 'Swap the databases'.*the swap was done: shop is the recovered database, the one before is still named shop_recovery/
    }

    def "an application unhealthy after the swap fails the gate, and the team is told how things stand"() {
        given:
        http.get('http://api.local/health') >> [status: 503]

        when:
        def result = run(PARAMS + [healthUrl: 'http://api.local/health'])

        then:
        result.failed
        result.gates == ['gate health': false]
        notified ~/the swap was done: shop is the recovered database, the one before is shop_broken_\w+ — to swap back: pg.swapDatabases/
    }
}
