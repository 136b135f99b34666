import dev.runbook.testing.RunbookSpecification

class ConfigRollbackSpec extends RunbookSpecification {
    static final Map PARAMS = [file: '/etc/shop/app.yml', backupDir: '/etc/shop/backups', container: 'api']
    static final String NEWEST = '/etc/shop/backups/app.yml.20240115T0300'

    def setup() {
        load 'config-rollback.groovy'
        approver 'mo', role: 'manager'
        shell.on(~/^cp -p '\/etc\/shop\/app.yml' /)
        shell.on(~/^ls -1t '\/etc\/shop\/backups'\/'app.yml'\.\*/) { stdout ConfigRollbackSpec.NEWEST + "\n" }
        shell.on(~/^diff -u /) { stdout '-pool: 5\n+pool: 50\n'; exit 1 }
        shell.on(~/^cp -p '\/etc\/shop\/backups\/app.yml\.\S+' '\/etc\/shop\/app.yml'/)
        shell.on(~/^cp -p '\/\S+\/app.yml.before-rollback' '\/etc\/shop\/app.yml'/)
        docker.on('container.health') { [status: 'healthy', running: true, healthy: true] }
    }

    def "restores the newest backup after keeping the current file, restarts the service and checks it"() {
        when:
        def result = run(PARAMS)

        then:
        result.succeeded
        ran ~/^cp -p '\/etc\/shop\/app.yml' '\/\S+\/app.yml.before-rollback'$/
        ran "cp -p '$NEWEST' '/etc/shop/app.yml'"
        called "docker.container('api').restart(timeout: 30)"
        notRan ~/before-rollback' '\/etc\/shop\/app.yml'/
        result.logs.any { it.contains('+pool: 50') }
        result.approvedBy == ['mo']
        notified slack: '#incidents', text: "/etc/shop/app.yml rolled back to $NEWEST; api restarted and healthy"
    }

    def "restores the backup asked for once it is there"() {
        given:
        shell.on("test -f '/etc/shop/backups/app.yml.20240110T0300'")

        when:
        def result = run(PARAMS + [backup: 'app.yml.20240110T0300'])

        then:
        result.succeeded
        notRan ~/^ls /
        ran "cp -p '/etc/shop/backups/app.yml.20240110T0300' '/etc/shop/app.yml'"
    }

    def "with no backup in the folder, nothing changes"() {
        given:
        shell.on(~/^ls -1t/) { exit 2 }

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failure.contains('no backup of app.yml in /etc/shop/backups (looked for app.yml.*) — give one with -p backup=...')
        notRan ~/^cp -p '\/etc\/shop\/backups/
        notified ~/FAILED at 'Pick the backup'.*\/etc\/shop\/app.yml unchanged/
    }

    def "a backup identical to the current file is refused: it would change nothing"() {
        given:
        shell.on(~/^diff -u /) { exit 0 }

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failure.contains('is identical to /etc/shop/app.yml')
        result.approvalsAsked == []
    }

    def "a backup that fails validation is taken out again before anything restarts"() {
        given:
        shell.on("nginx -t -c '/etc/shop/app.yml'") { stderr 'nginx: [emerg] unknown directive "pool"'; exit 1 }

        when:
        def result = run(PARAMS + [validate: 'nginx -t -c'])

        then:
        result.failed
        result.failedStep == 'Restore the backup'
        ran ~/^cp -p '\/\S+\/app.yml.before-rollback' '\/etc\/shop\/app.yml'$/
        notCalled ~/restart/
        result.handlers == ["onFailure of 'Restore the backup'", 'onFailure']
        notified ~/(?s)FAILED at 'Restore the backup'.*unknown directive.*\/etc\/shop\/app.yml unchanged/
    }

    def "a restart that fails puts the configuration of before the run back"() {
        given:
        docker.fail('container.restart', 'docker: restart of container api failed: OCI runtime error')

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.step('Restart the service').attempts == 2
        ran ~/^cp -p '\/\S+\/app.yml.before-rollback' '\/etc\/shop\/app.yml'$/
        result.handlers == ["onFailure of 'Restart the service'", 'onFailure']
        notified ~/FAILED at 'Restart the service'.*OCI runtime error.*as before the run \(the bad configuration\)/
    }

    def "a service that stays unhealthy on the backup gets the configuration of before the run back and a restart"() {
        given:
        http.get('http://api.local/health') >> [status: 500]

        when:
        def result = run(PARAMS + [healthUrl: 'http://api.local/health'])

        then:
        result.failed
        result.failedStep == 'gate health'
        ran ~/^cp -p '\/\S+\/app.yml.before-rollback' '\/etc\/shop\/app.yml'$/
        calls.of('docker')*.text.count { it.endsWith('.restart(timeout: 30)') } == 2
        notified ~/the backup did not make api healthy; the configuration before the run was put back and api restarted/
    }
}
