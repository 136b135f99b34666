runbook('tolerant') {
    include 'restart-service.groovy', name: 'Try a restart', continueOnFailure: true, with: [service: 'worker']
    step('Scale up instead') { sh 'kubectl scale deploy/worker --replicas=3' }
}
