import dev.runbook.testing.RunbookSpecification

/** app-rollback.groovy: the known-good image back on Kubernetes or on the Docker host. */
class VoxflowAppRollbackSpec extends RunbookSpecification {
    static final String HEALTH = 'https://api.voxflow.io/health'

    def setup() {
        load 'app-rollback.groovy'
        approver 'ines', role: 'lead'
        k8s.on('deployment.history') { [[revision: 17, images: ['ghcr.io/voxflow/api:v5.12.3'], current: false],
                                        [revision: 18, images: ['ghcr.io/voxflow/api:v5.13.0'], current: true]] }
        k8s.on('deployment.image') { call -> [before: 'ghcr.io/voxflow/api:v5.13.0', after: "ghcr.io/voxflow/api:${call.args[1]}".toString()] }
        k8s.on('deployment.status') { [done: true] }
        docker.on('container.inspect') { [image: 'ghcr.io/voxflow/api:v5.13.0'] }
        docker.on('container.rollbackTo') { call -> [from: 'ghcr.io/voxflow/api:v5.13.0', to: call.args[0]] }
    }

    def "kubernetes: sets the deployment's image to the known-good tag and waits until healthy"() {
        given:
        http.get(HEALTH) >> [status: 502] >> [status: 200]

        when:
        def result = run(tag: 'v5.12.3')

        then:
        result.succeeded
        called ~/k8s.deployment\(ns: 'voxflow', 'api'\).image\('api', 'v5.12.3'\)/
        result.statuses['Re-create the container (Docker)'] == 'skipped'
        notified slack: ~/api rolled back to v5.12.3 on kubernetes \(was ghcr.io\/voxflow\/api:v5.13.0\)/
    }

    def "kubernetes: a rollout that does not finish goes back to the image that ran before, all of it"() {
        given:
        k8s.fail('deployment.status', 'deployment voxflow/api: not finished after 7m: 1 of 3 updated replicas ready')

        when:
        def result = run(tag: 'v5.12.3')

        then:
        result.failed
        result.handlers == ["onFailure of 'Wait for the rollout (Kubernetes)'", 'onFailure']
        called ~/image\('api', 'ghcr.io\/voxflow\/api:v5.13.0'\)/
        notified slack: ~/FAILED at 'Wait for the rollout \(Kubernetes\)'/
    }

    def "docker: re-creates the container from the same repository with the known-good tag"() {
        given:
        http.get(HEALTH) >> [status: 200]

        when:
        def result = run(tag: 'v5.12.3', platform: 'docker')

        then:
        result.succeeded
        called ~/docker.container\('voxflow-api'\).rollbackTo\(settle: 30s, 'ghcr.io\/voxflow\/api:v5.12.3'\)/
        notCalled ~/k8s/
    }

    def "docker: a container that does not settle is reported with what rollbackTo put back"() {
        given:
        docker.fail('container.rollbackTo', "rollback of container 'voxflow-api' failed: it restarted twice within 30s; the original container was put back")

        when:
        def result = run(tag: 'v5.12.3', platform: 'docker')

        then:
        result.failed
        result.failedStep == 'Re-create the container (Docker)'
        notified slack: ~/the original container was put back/
    }

    def "a service that already runs the tag is left alone"() {
        when:
        def result = run(tag: 'v5.13.0')

        then:
        result.failed
        result.failedStep == 'Record the running image'
        notCalled ~/image\(|rollbackTo/
    }
}
