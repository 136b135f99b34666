runbook('restore-with-check') {
    include 'verify-backup.groovy', name: 'Verify'
    step('Restore') { sh 'pg_restore -d app /backups/latest.dump' }
    onFailure { sh 'echo "restore of app failed" | wall' }
}
