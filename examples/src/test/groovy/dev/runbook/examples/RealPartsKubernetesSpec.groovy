package dev.runbook.examples

import dev.runbook.integrations.k8s.LocalKubernetes
import dev.runbook.integrations.k8s.Rollout
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Real-parts mode's k8s given as nothing but the API server URL (RUNBOOK_K8S_SERVER), as a CI job that has a
 * cluster's address but no kubeconfig would give it: a team's spec, run with `runbook test --real`, scales a
 * deployment on fabric8's Kubernetes API server (CRUD mode), and the server holds the new replica count afterwards.
 * With fakes the same feature passes on its scripted answer and the server is untouched.
 */
class RealPartsKubernetesSpec extends Specification {
    @TempDir
    Path repo

    static final String RUNBOOK = '''\
        runbook('shed-load') {
            param 'replicas', default: '2', pattern: ~/\\d+/
            step('Scale the api down') {
                def change = k8s.deployment('api', ns: 'realparts').scale(params.replicas as int)
                log "api: ${change.before} → ${change.after} replicas"
            }
        }
        '''

    static final String SPEC = '''\
        import dev.runbook.testing.RealParts
        import dev.runbook.testing.RunbookSpecification

        class ShedLoadSpec extends RunbookSpecification {
            @RealParts('k8s')
            def "scales the api deployment to the replicas asked"() {
                given:
                load 'shed-load.groovy'
                k8s.on('deployment.scale') { call -> [before: '3', after: String.valueOf(call.args[0])] }

                when:
                def result = run(replicas: 2)

                then:
                result.succeeded
                called "k8s.deployment(ns: 'realparts', 'api').scale(2)"
                result.logs == ['api: 3 → 2 replicas']
            }
        }
        '''

    def "a spec run --real with RUNBOOK_K8S_SERVER scales the deployment on the API server for real; with fakes it does not"() {
        given: 'the api deployment at 3 replicas on the API server, and a team repository with the runbook and its spec'
        def client = LocalKubernetes.client()
        client.apps().deployments().inNamespace('realparts').withName('api').delete()
        Rollout.deployment(client, 'realparts', 'api', ['shop/api:v1'], ['deploy v1'], 3)
        Files.writeString(repo.resolve('shed-load.groovy'), RUNBOOK.stripIndent())
        Files.writeString(repo.resolve('ShedLoadSpec.groovy'), SPEC.stripIndent())
        def server = "http://127.0.0.1:${LocalKubernetes.server().port}".toString()

        when: 'with fakes'
        def fakes = runbookTest([RUNBOOK_K8S_SERVER: server], false)

        then: 'the scripted answer passes the feature; the server was not asked'
        fakes.exitCode == 0
        fakes.out.contains('1 passed, 0 failed, 0 skipped')
        replicas(client) == 3

        when: 'for real, the cluster given by its API server URL alone'
        def real = runbookTest([RUNBOOK_K8S_SERVER: server, RUNBOOK_REQUIRE_REAL_PARTS: '1'], true)

        then:
        real.exitCode == 0
        real.out.contains('1 passed, 0 failed, 0 skipped')
        replicas(client) == 2
    }

    private static int replicas(client) {
        client.apps().deployments().inNamespace('realparts').withName('api').get().spec.replicas
    }

    private Map runbookTest(Map<String, String> env, boolean real) {
        RunbookTestProcess.run(env, repo.toString(), real, repo)
    }
}
