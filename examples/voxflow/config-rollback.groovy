// VoxFlow, configuration rollback: the service reads config/production.yml from a versioned S3 bucket at start.
// A bad config change (a wrong model endpoint, a feature flag) is rolled back by making the previous version
// current again and restarting the deployments. The page said: aws s3api list-object-versions, copy the old
// version over the current one, kubectl rollout restart, check.
//
//   ./runbook exec examples/voxflow/config-rollback.groovy                    (the version before the current one)
//   ./runbook exec examples/voxflow/config-rollback.groovy -p versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY
runbook('voxflow-config-rollback') {
    title 'VoxFlow: restore the previous configuration version and restart'
    owner 'voxflow-oncall'
    tags 'voxflow', 's3', 'config', 'kubernetes'
    severity P2

    param 'bucket', default: 'voxflow-config', description: 'the versioned bucket'
    param 'key', default: 'config/production.yml'
    param 'versionId', default: '', pattern: ~/[\w.\-]*/, description: 'the version to restore (empty: the one before the current)'
    param 'namespace', default: 'voxflow', pattern: ~/[a-z0-9-]+/
    param 'healthUrl', default: 'https://api.voxflow.io/health'

    health { http params.healthUrl, expect: 200, json: { it.config == 'ok' } }

    step('Back up the current configuration', timeout: 1.minute, idempotent: true) {
        def versions = s3.versions(params.bucket, params.key).findAll { !it.deleteMarker }
        if (versions.size() < 2 && !params.versionId) fail "s3://${params.bucket}/${params.key} has no earlier version to go back to"
        def current = versions.find { it.latest }
        s3.download(params.bucket, params.key, to: "${workdir}/production.yml.current")
        log "current: ${current.versionId} (${current.lastModified}); saved to the run folder"
        current.versionId
    }

    step('Pick the version', timeout: 30.seconds, idempotent: true) {
        def versions = s3.versions(params.bucket, params.key).findAll { !it.deleteMarker }
        def target = params.versionId ? versions.find { it.versionId == params.versionId } : versions.find { !it.latest }
        if (target == null) fail "no version ${params.versionId} of s3://${params.bucket}/${params.key}; versions: ${versions*.versionId.take(5).join(', ')}"
        log "restoring ${target.versionId} from ${target.lastModified}"
        target.versionId
    }

    requireApproval P2, reason: 'changes the production configuration and restarts the services', within: 1.hour

    step('Restore the version', timeout: 1.minute) {
        s3.restoreVersion(params.bucket, params.key, steps['Pick the version'].value)
    }

    step('Restart the services', timeout: 12.minutes, expected: 3.minutes) {
        ['api', 'transcriber'].each { k8s.deployment(it, ns: params.namespace).restart() }
        ['api', 'transcriber'].each { k8s.deployment(it, ns: params.namespace).status(wait: 5.minutes) }
        onFailure { failure ->
            // pods that do not start with the old config: make the config current again that the running pods use
            s3.restoreVersion(params.bucket, params.key, steps['Back up the current configuration'].value)
            log "restored ${steps['Back up the current configuration'].value} again; pods still on the old config keep running"
        }
    }

    gate health(within: 3.minutes, every: 5.seconds)

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#voxflow-incidents', text: "VoxFlow configuration rolled back to version ${steps['Pick the version'].value} (was ${steps['Back up the current configuration'].value}); services restarted and healthy."
    }

    onFailure { failure ->
        notify slack: '#voxflow-incidents', text: "VoxFlow configuration rollback FAILED at '${failure.step}': ${failure.message}. The previous file is in ${workdir}."
    }
}
