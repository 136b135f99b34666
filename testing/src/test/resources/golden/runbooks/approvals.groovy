// Golden journal case: one approval granted (--approved-by), one the same approver may not give, then denied at the
// terminal: the run ends aborted and its handlers run (GoldenJournalSpec).
runbook('golden-approvals') {
    severity P2
    step('Announce') { log 'maintenance starts' }
    requireApproval role: 'lead', reason: 'drains traffic'
    step('Drain') { sh 'drain-traffic' }
    requireApproval role: 'security', reason: 'opens the firewall'
    step('Open firewall') { sh 'open-firewall' }
    onFailure { failure -> log "stopped at ${failure.step}: ${failure.message}" }
    always { log 'always ran' }
}
