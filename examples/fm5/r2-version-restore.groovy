// FM5, R2 version restore: a bad job overwrote objects in the fm5-assets bucket (the pricing JSON the web app reads,
// or a customer upload). Restore the newest version from before the incident, keeping the bad one as a
// noncurrent version. R2 speaks the S3 API, so the s3 integration does it with the R2 endpoint and keys.
//
//   ./runbook exec examples/fm5/r2-version-restore.groovy -p key=config/pricing.json -p incidentStart=2026-11-26T09:40:00Z
//
// R2_ACCOUNT_ID, R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY come from the environment.
runbook('fm5-r2-version-restore') {
    title 'FM5: restore an R2 object to its version before the incident'
    owner 'fm5-team'
    tags 'fm5', 'cloudflare', 'r2', 's3'
    severity P2

    param 'bucket', default: 'fm5-assets', pattern: ~/[a-z0-9-]+/
    param 'key', required: true, description: 'the object key, e.g. config/pricing.json'
    param 'incidentStart', required: true, pattern: ~/\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?Z/, description: 'UTC'
    param 'checkUrl', default: 'https://fm5.app/api/pricing', description: 'a URL that serves the object (checked after)'
    secret 'R2_ACCOUNT_ID'
    secret 'R2_ACCESS_KEY_ID'
    secret 'R2_SECRET_ACCESS_KEY'

    step('Pick the version', timeout: 1.minute, idempotent: true) {
        def r2 = s3.store(endpoint: "https://${secrets.R2_ACCOUNT_ID}.r2.cloudflarestorage.com", region: 'auto',
                          accessKey: secrets.R2_ACCESS_KEY_ID, secretKey: secrets.R2_SECRET_ACCESS_KEY)
        def cutoff = java.time.Instant.parse(params.incidentStart)
        def versions = r2.versions(params.bucket, params.key)
        versions.take(5).each { log it.toString() }
        def current = versions.find { it.latest }
        def good = versions.find { !it.deleteMarker && it.lastModified.isBefore(cutoff) }
        if (good == null) fail "no version of ${params.key} from before ${params.incidentStart} (versions: ${versions.size()})"
        if (current?.versionId == good.versionId) fail "${params.key} is already the version from ${good.lastModified}: nothing to restore"
        log "restoring ${good.versionId} (${good.lastModified}, ${good.size} bytes) over ${current?.deleteMarker ? 'a delete marker' : current?.versionId}"
        good.versionId
    }

    requireApproval P2, reason: 'overwrites a production object (the bad version is kept)', within: 1.hour

    step('Restore the version', timeout: 2.minutes, retry: 2, backoff: 10.seconds, idempotent: true) {
        def r2 = s3.store(endpoint: "https://${secrets.R2_ACCOUNT_ID}.r2.cloudflarestorage.com", region: 'auto',
                          accessKey: secrets.R2_ACCESS_KEY_ID, secretKey: secrets.R2_SECRET_ACCESS_KEY)
        r2.restoreVersion(params.bucket, params.key, steps['Pick the version'].value)
    }

    gate('the app serves the restored object', within: 5.minutes, every: 15.seconds) {
        http.get(params.checkUrl, timeout: 5.seconds).status == 200
    }

    manual 'Open the pricing page in a private window: the plans and prices are the ones from before the incident'

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#fm5-incidents', text: "FM5 r2://${params.bucket}/${params.key} restored to version ${steps['Pick the version'].value} (from before ${params.incidentStart})."
    }

    onFailure { failure ->
        notify slack: '#fm5-incidents', text: "FM5 R2 restore of ${params.key} FAILED at '${failure.step}': ${failure.message}"
    }
}
