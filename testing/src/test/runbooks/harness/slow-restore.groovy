runbook('slow-restore') {
    step('Restore', timeout: 10.minutes) {
        sh 'pg_restore --clean -d app /backups/latest.dump'
    }
    gate('error rate under 1%', within: 25.minutes, every: 30.seconds, sustain: 15.minutes) {
        http.get('http://metrics.local/error-rate').json.rate < 0.01
    }
}
