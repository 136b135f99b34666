// VoxFlow, application rollback on either platform the page covers: the Kubernetes cluster (production) sets the
// deployment's image back to the known-good tag; the single Docker host (the EU on-prem customer) re-creates the
// container from that image. Both wait until the service is healthy again.
//
//   ./runbook exec examples/voxflow/app-rollback.groovy -p tag=v5.12.3                      (Kubernetes)
//   ./runbook exec examples/voxflow/app-rollback.groovy -p tag=v5.12.3 -p platform=docker  (Docker host)
runbook('voxflow-app-rollback') {
    title 'VoxFlow: put the known-good image back (Kubernetes or Docker)'
    owner 'voxflow-oncall'
    tags 'voxflow', 'kubernetes', 'docker', 'rollback'
    severity P1

    param 'tag', required: true, pattern: ~/v\d+\.\d+\.\d+/, description: 'the known-good release'
    param 'platform', default: 'kubernetes', choices: ['kubernetes', 'docker']
    param 'service', default: 'api', choices: ['api', 'transcriber'], description: 'which service to roll back'
    param 'namespace', default: 'voxflow', pattern: ~/[a-z0-9-]+/, description: 'kubernetes: the namespace'
    param 'healthUrl', default: 'https://api.voxflow.io/health'

    health { http params.healthUrl, expect: 200 }

    step('Record the running image', timeout: 30.seconds, idempotent: true) {
        def image = params.platform == 'kubernetes'
                ? k8s.deployment(params.service, ns: params.namespace).history().find { it.current }?.images?.first()
                : docker.container("voxflow-${params.service}").inspect().image
        if (image?.endsWith(":${params.tag}")) fail "${params.service} already runs ${image}: nothing to roll back"
        log "${params.service} runs ${image}"
        image
    }

    requireApproval P1, reason: 'replaces the running image', within: 30.minutes

    step('Set the image (Kubernetes)', timeout: 1.minute, when: { params.platform == 'kubernetes' }) {
        def change = k8s.deployment(params.service, ns: params.namespace).image(params.service, params.tag)
        log "${change.before} → ${change.after}"
    }

    step('Wait for the rollout (Kubernetes)', timeout: 8.minutes, expected: 2.minutes, when: { params.platform == 'kubernetes' }) {
        k8s.deployment(params.service, ns: params.namespace).status(wait: 7.minutes)
        onFailure { failure ->
            // half the pods on each version is worse than either: go back to what ran before, all of it
            def api = k8s.deployment(params.service, ns: params.namespace)
            api.image(params.service, steps['Record the running image'].value)
            log "the rollout did not finish; set ${steps['Record the running image'].value} again"
        }
    }

    step('Re-create the container (Docker)', timeout: 5.minutes, when: { params.platform == 'docker' }) {
        def image = steps['Record the running image'].value
        def repo = image.substring(0, image.lastIndexOf(':'))
        // rollbackTo keeps the old container aside and puts it back when the new one does not settle in 30 s
        def r = docker.container("voxflow-${params.service}").rollbackTo("${repo}:${params.tag}", settle: 30.seconds)
        log "${r.from} → ${r.to}"
    }

    gate health(within: 3.minutes, every: 5.seconds)

    step('Tell the team', timeout: 30.seconds) {
        notify slack: '#voxflow-incidents', text: "VoxFlow ${params.service} rolled back to ${params.tag} on ${params.platform} (was ${steps['Record the running image'].value})."
    }

    onFailure { failure ->
        notify slack: '#voxflow-incidents', text: "VoxFlow ${params.service} rollback to ${params.tag} on ${params.platform} FAILED at '${failure.step}': ${failure.message}"
    }
}
