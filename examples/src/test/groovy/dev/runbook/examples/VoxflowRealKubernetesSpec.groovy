package dev.runbook.examples

import com.sun.net.httpserver.HttpServer
import dev.runbook.compile.RunbookCompiler
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunSession
import dev.runbook.integrations.k8s.LocalKubernetes
import dev.runbook.integrations.k8s.Rollout
import dev.runbook.journal.JournalReader
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * examples/voxflow/app-rollback.groovy on Kubernetes, run against the most real Kubernetes API this machine has:
 * fabric8's mock API server in CRUD mode (the k8s integration's specs use it too). The mock runs no controllers, so
 * this spec plays the deployment controller's part: once the runbook has set the image, it reports the rollout done.
 */
class VoxflowRealKubernetesSpec extends Specification {
    @TempDir Path dir
    HttpServer health
    Thread controller

    def setup() {
        health = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        health.createContext('/health') { ex -> ex.sendResponseHeaders(200, -1); ex.close() }
        health.start()
    }

    def cleanup() {
        controller?.interrupt()
        health?.stop(0)
    }

    def "the api deployment goes back to the known-good image, the rollout is waited for and health checked"() {
        given: 'VoxFlow api at revision 2 (v3.2.0, broken) after revision 1 (v3.1.0)'
        def client = LocalKubernetes.client()
        def ns = LocalKubernetes.freshNamespace()
        Rollout.deployment(client, ns, 'api', ['voxflow/api:v3.1.0', 'voxflow/api:v3.2.0'], ['deploy v3.1.0', 'deploy v3.2.0'])

        and: 'the deployment controller: reports the rollout finished once the image is changed'
        controller = Thread.start {
            while (!Thread.currentThread().interrupted) {
                def d = client.apps().deployments().inNamespace(ns).withName('api').get()
                if (d.spec.template.spec.containers[0].image == 'voxflow/api:v3.1.0') {
                    Rollout.status(client, ns, 'api', [replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3])
                    return
                }
                Thread.sleep(100)
            }
        }

        when:
        def runbook = new RunbookCompiler().compile(Path.of('examples/voxflow/app-rollback.groovy'))
        def options = RunOptions.defaults([tag: 'v3.1.0', platform: 'kubernetes', namespace: ns,
                                           healthUrl: "http://127.0.0.1:${health.address.port}/health".toString()])
                .withEnvironment(LocalKubernetes.environment())
                .withRunsRoot(dir.resolve('runs'))
                .withApprovedBy(['lena:lead'])
        def result = RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader)).withCloseable {
            it.runToEnd()
        }

        then:
        result.outcome().label() == 'succeeded'
        client.apps().deployments().inNamespace(ns).withName('api').get().spec.template.spec.containers[0].image == 'voxflow/api:v3.1.0'
        result.steps()['Record the running image'].value == 'voxflow/api:v3.2.0'
        result.steps()['Re-create the container (Docker)'].status == 'skipped'

        and: 'each call on the cluster is journaled with its target and outcome'
        def calls = JournalReader.read(result.runDir()).findAll { it.type() == 'integration.call' && it.data().integration == 'k8s' }
        calls.collect { it.data().action }.containsAll(['history', 'image', 'status'])
        calls.every { it.data().outcome == 'ok' }
    }
}
