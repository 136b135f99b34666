import dev.runbook.testing.RunbookSpecification

import java.time.Instant

/** r2-version-restore.groovy: the newest version from before the incident, restored through the S3 API of R2. */
class Fm5R2VersionRestoreSpec extends RunbookSpecification {
    def setup() {
        load 'r2-version-restore.groovy'
        approver 'mo', role: 'manager'
        env.R2_ACCOUNT_ID = 'acc123'
        env.R2_ACCESS_KEY_ID = 'r2-key-id'
        env.R2_SECRET_ACCESS_KEY = 'r2-secret'
        s3.on('store.versions') { [[versionId: 'v3', lastModified: Instant.parse('2026-11-26T09:44:00Z'), size: 12, latest: true, deleteMarker: false],
                                   [versionId: 'v2', lastModified: Instant.parse('2026-11-20T08:00:00Z'), size: 2048, latest: false, deleteMarker: false],
                                   [versionId: 'v1', lastModified: Instant.parse('2026-10-01T08:00:00Z'), size: 1990, latest: false, deleteMarker: false]] }
        http.get('https://fm5.app/api/pricing') >> [status: 200]
    }

    def "restores the newest version from before the incident through the R2 endpoint"() {
        when:
        def result = run(key: 'config/pricing.json', incidentStart: '2026-11-26T09:40:00Z')

        then:
        result.succeeded
        called ~/s3.store\(endpoint: 'https:\/\/acc123.r2.cloudflarestorage.com', region: 'auto', .*\).restoreVersion\('fm5-assets', 'config\/pricing.json', 'v2'\)/
        notified slack: ~/restored to version v2/
    }

    def "an object with no version before the incident is refused"() {
        when:
        def result = run(key: 'config/pricing.json', incidentStart: '2026-09-01T00:00:00Z')

        then:
        result.failed
        result.failure.contains('no version of config/pricing.json from before 2026-09-01T00:00:00Z')
        notCalled ~/restoreVersion/
    }

    def "a restore R2 keeps refusing fails after its retries and says so"() {
        given:
        s3.fail('store.restoreVersion', 's3://fm5-assets/config/pricing.json: restore of version v2 failed: AccessDenied')

        when:
        def result = run(key: 'config/pricing.json', incidentStart: '2026-11-26T09:40:00Z')

        then:
        result.failed
        result.step('Restore the version').attempts == 3
        notified slack: ~/AccessDenied/
    }
}
