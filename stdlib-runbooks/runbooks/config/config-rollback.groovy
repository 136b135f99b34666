// Put a configuration file back to its latest backup: keep the current (bad) file, copy the backup in, restart the
// container that reads it, verify. If the service does not come back, the bad file is put back too, so the
// operator is never left with a third, unknown state.
runbook('config-rollback') {
    title       'Roll a configuration file back to its latest backup'
    description '''Keeps a copy of the current configuration in the run folder, picks the newest backup in backupDir
(name.* files, or the one given), shows the difference, and after approval copies it over the file, validates it
(when a validation command is given), restarts the container that reads it and waits for health. A failure after the
copy puts the current file back and restarts again.'''
    severity    P2
    tags        'config', 'rollback'
    owner       'platform-team'

    param 'file',       required: true, pattern: ~/\/\S+/, description: 'the configuration file (absolute path)'
    param 'backupDir',  required: true, pattern: ~/\/\S+/, description: 'the folder holding its backups, named <file name>.<suffix> (e.g. app.yml.20240115T0300)'
    param 'backup',     pattern: ~/[^\/\s]+/, description: 'the backup to restore, a file name in backupDir; default: the newest'
    param 'container',  required: true, pattern: ~/[a-zA-Z0-9][a-zA-Z0-9_.-]*/, description: 'the container that reads the file: restarted after the change'
    // a command by design (inserted with raw), so it may hold only words, paths and options: no ; | & $ ` quotes or redirections
    param 'validate',   pattern: ~/[\w .\/=:,+-]+/,
                        description: 'a command that checks the configuration file before the restart (e.g. nginx -t), run with the file path as its last argument'
    param 'healthUrl',  pattern: ~/https?:\/\/\S+/, description: 'an endpoint that answers 200 when healthy; default: the container health check (or running)'
    param 'channel',    default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel told the outcome'

    health {
        if (params.healthUrl) return http.get(params.healthUrl).status == 200
        def h = docker.container(params.container).health()
        h.status == 'none' ? h.running : h.healthy
    }

    step('Keep the current file', timeout: 30.seconds, idempotent: true) {
        String copy = "${workdir}/${new File(params.file).name}.before-rollback"
        sh "cp -p '${params.file}' '$copy'"
        copy
    }

    step('Pick the backup', timeout: 30.seconds, idempotent: true) {
        String name = new File(params.file).name
        String backup
        if (params.backup) {
            backup = "${params.backupDir}/${params.backup}"
            sh "test -f '$backup'"
        } else {
            backup = sh("ls -1t '${params.backupDir}'/'$name'.* 2>/dev/null | head -n 1", okExitCodes: [0, 1, 2]).text
            if (!backup) fail "no backup of $name in ${params.backupDir} (looked for $name.*) — give one with -p backup=..."
        }
        def diff = sh("diff -u '${params.file}' '$backup'", okExitCodes: [0, 1])
        if (diff.exitCode == 0) fail "$backup is identical to ${params.file}: rolling back to it changes nothing — pick an older one with -p backup=..."
        log "restoring $backup; the change it makes:\n${diff.text}"
        backup
    }

    requireApproval P2, reason: 'changes the configuration of a running service'

    step('Restore the backup', timeout: 30.seconds) {
        sh "cp -p '${steps['Pick the backup'].value}' '${params.file}'"
        // the param is a command by design (raw: inserted as shell text); the file is a value, quoted
        if (params.validate) sh "${raw(params.validate)} '${params.file}'"
        onFailure { failure ->
            sh "cp -p '${steps['Keep the current file'].value}' '${params.file}'"
            log "the backup was not applied: ${params.file} is as it was before the run"
        }
    }

    step('Restart the service', timeout: 2.minutes, expected: 20.seconds, retry: 1, backoff: 5.seconds, idempotent: true) {
        docker.container(params.container).restart(timeout: 30)
        onFailure { failure ->
            sh "cp -p '${steps['Keep the current file'].value}' '${params.file}'"
            log "the restart failed: ${params.file} holds the configuration it had before the run again; ${params.container} may be stopped"
        }
    }

    gate health(within: 2.minutes, every: 5.seconds)

    manual 'Check the behaviour the configuration change broke: it works again'

    step('Tell the team', timeout: 1.minute) {
        notify slack: params.channel, text: "${params.file} rolled back to ${steps['Pick the backup'].value}; ${params.container} restarted and healthy"
    }

    onFailure { failure ->
        String state
        if (!steps['Restore the backup'].ok) state = "${params.file} unchanged"
        else if (!steps['Restart the service'].ok) state = "${params.file} as before the run (the bad configuration)"
        else {
            // the backup is in place but the service is not healthy with it: go back to where the run started
            sh "cp -p '${steps['Keep the current file'].value}' '${params.file}'"
            docker.container(params.container).restart(timeout: 30)
            state = "the backup did not make ${params.container} healthy; the configuration before the run was put back and ${params.container} restarted"
        }
        notify slack: params.channel, text: "config rollback of ${params.file} FAILED at '${failure.step}': ${failure.message} — $state"
    }
}
