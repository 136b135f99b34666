runbook('verify-backup') {
    step('Checksum') {
        sh 'sha256sum -c /backups/latest.sha256'
        onFailure { sh 'ls -l /backups' }
    }
    onFailure { notify slack: '#ops', text: 'the latest backup is bad' }
}
