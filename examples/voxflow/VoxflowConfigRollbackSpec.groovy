import dev.runbook.testing.RunbookSpecification

/** config-rollback.groovy: the previous version of the config object made current, services restarted. */
class VoxflowConfigRollbackSpec extends RunbookSpecification {
    static final String HEALTH = 'https://api.voxflow.io/health'

    def setup() {
        load 'config-rollback.groovy'
        approver 'oli', role: 'manager'
        s3.on('versions') { [[versionId: 'v3-bad', latest: true, deleteMarker: false, lastModified: '2026-11-26T09:31:00Z'],
                             [versionId: 'v2-good', latest: false, deleteMarker: false, lastModified: '2026-11-20T14:02:00Z'],
                             [versionId: 'v1-old', latest: false, deleteMarker: false, lastModified: '2026-11-02T08:00:00Z']] }
        s3.on('download') { [file: 'production.yml.current'] }
        k8s.on('deployment.status') { [done: true] }
        http.get(HEALTH) >> [status: 200, json: [config: 'ok']]
    }

    def "saves the current file, restores the version before it, restarts both services and checks health"() {
        when:
        def result = run()

        then:
        result.succeeded
        called ~/s3.download\(to: '.*production.yml.current', 'voxflow-config', 'config\/production.yml'\)/
        called ~/s3.restoreVersion\('voxflow-config', 'config\/production.yml', 'v2-good'\)/
        called ~/deployment\(ns: 'voxflow', 'api'\).restart\(\)/
        called ~/deployment\(ns: 'voxflow', 'transcriber'\).restart\(\)/
        result.approvedBy == ['oli']
        notified slack: ~/rolled back to version v2-good \(was v3-bad\)/
    }

    def "a given version is restored instead of the one before the current"() {
        when:
        def result = run(versionId: 'v1-old')

        then:
        result.succeeded
        called ~/restoreVersion\('voxflow-config', 'config\/production.yml', 'v1-old'\)/
    }

    def "a version that does not exist is refused with the ones that do"() {
        when:
        def result = run(versionId: 'v9')

        then:
        result.failed
        result.failure.contains('no version v9')
        result.failure.contains('v3-bad, v2-good, v1-old')
        notCalled ~/restoreVersion|restart/
    }

    def "services that do not start with the old configuration get the current one back"() {
        given:
        k8s.fail('deployment.status', 'deployment voxflow/api: CrashLoopBackOff: config key whisper.endpoint missing')

        when:
        def result = run()

        then:
        result.failed
        result.handlers == ["onFailure of 'Restart the services'", 'onFailure']
        called ~/restoreVersion\('voxflow-config', 'config\/production.yml', 'v3-bad'\)/
        notified slack: ~/FAILED at 'Restart the services'/
    }
}
