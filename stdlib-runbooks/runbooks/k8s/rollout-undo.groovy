// Undo a Kubernetes Deployment rollout: history → undo [to a revision] → rollout status → scale-to-zero fallback
// → autoscaler restore → health. The runbook a platform team reaches for when a deploy went bad and the
// previous ReplicaSet is known good.
runbook('k8s-rollout-undo') {
    title       'Undo a Kubernetes Deployment rollout'
    description '''Rolls a Deployment back to its previous revision (or to toRevision) as `kubectl rollout undo` does,
and waits until every replica runs that template. When the rollout does not finish, the fallback scales the
Deployment to zero and back to its replicas (behind confirm SCALE-TO-ZERO: a short outage), then makes sure its
HorizontalPodAutoscaler has replicas to work with again.'''
    severity    P1
    tags        'k8s', 'rollback', 'deployment'
    owner       'platform-team'

    param 'deployment', required: true, pattern: ~/[a-z0-9]([-a-z0-9.]*[a-z0-9])?/, description: 'the Deployment to roll back'
    param 'namespace',  default: 'default', pattern: ~/[a-z0-9]([-a-z0-9]*[a-z0-9])?/, description: 'its namespace'
    param 'toRevision', pattern: ~/[1-9]\d*/, description: 'the revision to return to (see `kubectl rollout history`); default: the previous one'
    param 'hpa',        pattern: ~/[a-z0-9]([-a-z0-9.]*[a-z0-9])?/, description: 'its HorizontalPodAutoscaler, if it has one: checked and given its replicas back at the end'
    param 'healthUrl',  pattern: ~/https?:\/\/\S+/, description: 'an endpoint that answers 200 when the service is healthy; default: the rollout status is the health check'
    param 'channel',    default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel told the outcome'

    health {
        params.healthUrl ? http.get(params.healthUrl).status == 200
                         : k8s.deployment(params.deployment, ns: params.namespace).status().done
    }

    step('Read the rollout history', timeout: 1.minute, idempotent: true) {
        def revisions = k8s.deployment(params.deployment, ns: params.namespace).history()
        revisions.each { log "revision ${it.revision}: ${it.images?.join(', ')} ${it.changeCause ?: ''}${it.current ? ' (current)' : ''}" }
        def current = revisions.find { it.current }
        if (revisions.size() < 2) {
            fail "deployment ${params.namespace}/${params.deployment} has ${revisions.size()} revision(s): there is no earlier one to undo to"
        }
        if (params.toRevision) {
            long wanted = params.toRevision as long
            if (!revisions.any { it.revision == wanted }) {
                fail "revision $wanted is not in the history of ${params.deployment} (revisions: ${revisions*.revision.join(', ')}) — pick one of them"
            }
            if (current?.revision == wanted) fail "deployment ${params.deployment} already runs revision $wanted: nothing to undo"
        }
        current?.revision
    }

    step('Record the replicas', timeout: 1.minute, idempotent: true) {
        def status = k8s.deployment(params.deployment, ns: params.namespace).status()
        log "${params.deployment}: ${status.desired} desired, ${status.ready} ready, ${status.updated} updated"
        status.desired
    }

    requireApproval P1, reason: 'undoes a production rollout'

    step('Undo the rollout', timeout: 2.minutes, expected: 10.seconds) {
        def deployment = k8s.deployment(params.deployment, ns: params.namespace)
        def undo = params.toRevision ? deployment.undo(toRevision: params.toRevision as int) : deployment.undo()
        log(undo.skipped ? "already on the template of revision ${undo.toRevision}: nothing changed"
                         : "rolled back from revision ${undo.fromRevision} to ${undo.toRevision}")
        undo.toRevision
        onFailure { failure ->
            def now = k8s.deployment(params.deployment, ns: params.namespace).history().find { it.current }
            log "the undo failed; ${params.deployment} runs revision ${now?.revision} (it ran ${steps['Read the rollout history'].value} before)"
        }
    }

    // A rollout that does not finish is not the end: the fallback below restarts every pod on the old template.
    step('Wait for the rollout', timeout: 6.minutes, expected: 2.minutes, continueOnFailure: true, idempotent: true) {
        def status = k8s.deployment(params.deployment, ns: params.namespace).status(wait: 5.minutes)
        log status.message
    }

    step('Scale to zero and back', when: { !steps['Wait for the rollout'].ok }, timeout: 10.minutes, expected: 3.minutes) {
        int replicas = steps['Record the replicas'].value as int
        log "the rollout of ${params.deployment} did not finish (${steps['Wait for the rollout'].error}); the fallback " +
            "stops all of its pods and starts $replicas again — the service is down until they are ready"
        confirm 'SCALE-TO-ZERO'
        def deployment = k8s.deployment(params.deployment, ns: params.namespace)
        deployment.scale(0)
        deployment.status(wait: 2.minutes)
        deployment.scale(replicas)
        deployment.status(wait: 5.minutes)
        onFailure { failure ->
            // never leave the service at zero: give it its replicas back, whatever happened
            int replicas = steps['Record the replicas'].value as int
            k8s.deployment(params.deployment, ns: params.namespace).scale(replicas)
            log "${params.deployment} was scaled back to $replicas replicas; its pods are not ready yet — look at `kubectl describe deployment ${params.deployment} -n ${params.namespace}`"
        }
    }

    // An autoscaler stops acting on a Deployment at zero replicas: give it at least its minimum back.
    step('Restore the autoscaler', when: { params.hpa }, timeout: 7.minutes, idempotent: true) {
        def hpa = k8s.hpa(params.hpa, ns: params.namespace)
        if (hpa.currentReplicas >= hpa.minReplicas) {
            log "autoscaler ${params.hpa} is active: ${hpa.currentReplicas} replicas (min ${hpa.minReplicas}, max ${hpa.maxReplicas})"
            return hpa.currentReplicas
        }
        int replicas = Math.max(hpa.minReplicas as int, steps['Record the replicas'].value as int)
        def deployment = k8s.deployment(params.deployment, ns: params.namespace)
        deployment.scale(replicas)
        deployment.status(wait: 5.minutes)
        log "autoscaler ${params.hpa} had ${hpa.currentReplicas} replicas, below its minimum ${hpa.minReplicas}: scaled to $replicas"
        replicas
        onFailure { failure ->
            log "autoscaler ${params.hpa} may have no replicas to scale: run `kubectl scale deployment ${params.deployment} -n ${params.namespace} --replicas=N` and check `kubectl get hpa ${params.hpa} -n ${params.namespace}`"
        }
    }

    gate health(within: 5.minutes, every: 10.seconds)

    manual 'Check the error-rate and latency dashboards of the service: back to their level before the bad rollout'

    step('Tell the team', timeout: 1.minute) {
        def fallback = steps['Scale to zero and back'].ok ? ' (after a scale to zero and back)' : ''
        notify slack: params.channel,
               text: "${params.namespace}/${params.deployment} rolled back to revision ${steps['Undo the rollout'].value}${fallback}: healthy"
    }

    onFailure { failure ->
        def state = steps['Undo the rollout'].ok ? "the undo to revision ${steps['Undo the rollout'].value} was applied"
                                                 : 'no undo was applied: the deployment runs what it ran before'
        notify slack: params.channel,
               text: "rollback of ${params.namespace}/${params.deployment} FAILED at '${failure.step}': ${failure.message} — $state"
    }
}
