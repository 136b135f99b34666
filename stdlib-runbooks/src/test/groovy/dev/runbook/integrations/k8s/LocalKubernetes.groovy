package dev.runbook.integrations.k8s

import io.fabric8.kubernetes.client.KubernetesClient
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer
import io.fabric8.mockwebserver.Context
import io.fabric8.mockwebserver.MockWebServer

import java.nio.file.Files
import java.nio.file.Path

/**
 * fabric8's Kubernetes mock API server in CRUD mode (objects created are stored, listed, patched), on 127.0.0.1,
 * started once per test JVM and stopped when it exits; with a kubeconfig file pointing at it, as a run would have.
 * The mixed dispatcher is the CRUD dispatcher plus recorded expectations, for what CRUD cannot serve (pod logs).
 */
final class LocalKubernetes {
    private static KubernetesMockServer server
    private static Path kubeconfig
    private static KubernetesClient client
    private static int namespaces

    private LocalKubernetes() {}

    private static synchronized void start() {
        if (server != null) return
        def expectations = new HashMap()
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations, new KubernetesMixedDispatcher(expectations), false)
        server.init(InetAddress.getByName('127.0.0.1'), 0)
        client = server.createClient()
        kubeconfig = Files.createTempFile('kubeconfig-', '.yaml')
        Files.writeString(kubeconfig, """\
            apiVersion: v1
            kind: Config
            clusters:
            - name: mock
              cluster:
                server: http://127.0.0.1:${server.port}
            users:
            - name: tester
              user:
                token: not-a-real-token
            contexts:
            - name: mock
              context: {cluster: mock, user: tester, namespace: default}
            current-context: mock
            """.stripIndent())
        Runtime.runtime.addShutdownHook(new Thread({ client.close(); server.destroy(); Files.deleteIfExists(kubeconfig) }, 'k8s-mock-stop'))
    }

    /** The run environment that points the k8s integration at the mock. */
    static Map<String, String> environment() {
        start()
        [KUBECONFIG: kubeconfig.toString()]
    }

    /** A client for arranging objects beside the integration under test. */
    static KubernetesClient client() {
        start()
        client
    }

    /** The server, to record an expectation for a request CRUD mode cannot answer. */
    static KubernetesMockServer server() {
        start()
        server
    }

    /** A namespace name no other feature uses, so features do not see each other's objects. */
    static synchronized String freshNamespace() {
        "ns${++namespaces}"
    }
}
