import dev.runbook.testing.RealParts
import dev.runbook.testing.RunbookSpecification

/**
 * container-rollback.groovy: one container re-created from the previous image, the original kept until it settles.
 * The features marked {@code @RealParts('docker')} also run under {@code runbook test --real} against the Docker
 * Engine at DOCKER_HOST, which must hold stateflow-api-1 (stateflow/api:v2.4.0, logging a TypeError) and
 * stateflow-worker-1 (stateflow/worker:v2.4.0) and the v2.3.1 images: StateflowRealModeSpec prepares that world.
 */
class StateflowContainerRollbackSpec extends RunbookSpecification {
    static final String HEALTH = 'http://127.0.0.1:4000/api/health'

    String image = 'stateflow/api:v2.4.0'

    def setup() {
        load 'container-rollback.groovy'
        approver 'mia', role: 'manager'
        docker.on('container.inspect') { call -> [name: call.target, image: image, status: 'running', restartCount: 7, health: 'unhealthy'] }
        docker.on('container.logs') { [text: 'TypeError: cannot read properties of undefined\n'] }
        docker.on('images') { [[tag: 'v2.4.0'], [tag: 'v2.3.1'], [tag: 'v2.3.0']] }
        docker.on('container.rollbackTo') { call ->
            def from = image
            image = call.args[0]
            [container: call.target, from: from, to: call.args[0]]
        }
    }

    @RealParts('docker')
    def "re-creates the container from the previous image, waits for health and tells the team"() {
        given:
        http.get(HEALTH) >> [status: 503] >> [status: 200]

        when:
        def result = run(tag: 'v2.3.1')

        then:
        result.succeeded
        called ~/docker.container\('stateflow-api-1'\).rollbackTo\(settle: 20s, 'stateflow\/api:v2.3.1'\)/
        result.approvedBy == ['mia']
        result.gates == ['gate health': true]
        notified slack: '#stateflow-incidents', text: ~/stateflow-api-1 rolled back from stateflow\/api:v2.4.0 to stateflow\/api:v2.3.1/
        new File(result.result.runDir().toFile(), 'stateflow-api-1-before.log').text.contains('TypeError')
    }

    @RealParts('docker')
    def "the worker is rolled back the same way when its container and repository are given"() {
        given:
        image = 'stateflow/worker:v2.4.0'
        http.get(HEALTH) >> [status: 200]

        when:
        def result = run(tag: 'v2.3.1', container: 'stateflow-worker-1', repository: 'stateflow/worker')

        then:
        result.succeeded
        called ~/docker.container\('stateflow-worker-1'\).rollbackTo\(settle: 20s, 'stateflow\/worker:v2.3.1'\)/
    }

    def "a container that already runs that image is left alone"() {
        given:
        image = 'stateflow/api:v2.3.1'

        when:
        def result = run(tag: 'v2.3.1')

        then:
        result.failed
        result.failedStep == 'Inspect the container'
        result.failure.contains('already runs stateflow/api:v2.3.1')
        notCalled ~/rollbackTo/
        result.approvalsAsked == []
        notified slack: ~/FAILED at 'Inspect the container'/
    }

    def "when the new container does not settle, the step says which container runs now and the team hears it failed"() {
        given:
        docker.fail('container.rollbackTo', "rollback of container 'stateflow-api-1' to stateflow/api:v2.3.1 failed: it exited with code 1 within 20s; the original container (stateflow/api:v2.4.0) was put back")

        when:
        def result = run(tag: 'v2.3.1')

        then:
        result.failed
        result.failedStep == 'Roll the container back'
        result.handlers == ["onFailure of 'Roll the container back'", 'onFailure']
        result.step('Roll the container back').attempts == 1
        notified slack: ~/FAILED at 'Roll the container back': .*the original container \(stateflow\/api:v2.4.0\) was put back/
    }

    def "a container that runs but never turns healthy fails the rollback at the health gate"() {
        given:
        http.get(HEALTH) >> [status: 500]

        when:
        def result = run(tag: 'v2.3.1')

        then:
        result.failed
        result.failedStep == 'gate health'
        result.handlers == ['onFailure']
        notified slack: ~/FAILED at 'gate health': .*500/
    }
}
