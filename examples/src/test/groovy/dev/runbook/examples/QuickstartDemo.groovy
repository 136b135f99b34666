package dev.runbook.examples

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit

/**
 * The quickstart's demo service for one spec: a free port on 127.0.0.1 and a state folder of its own
 * ({@code RUNBOOK_DEMO_STATE}), so a spec never touches a demo that a person runs on the default port.
 */
class QuickstartDemo {
    static final String DEMO_SH = 'examples/quickstart/demo.sh'

    final int port
    final Path stateDir

    QuickstartDemo(Path stateDir) {
        this.stateDir = stateDir
        this.port = freePort()
    }

    /** The environment demo.sh (and the runbook's steps that call it) must see. */
    Map<String, String> getEnv() {
        [RUNBOOK_DEMO_STATE: stateDir.toString()]
    }

    /** GET /health: [status, body]; status 0 when nothing answers. */
    List health() {
        def client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        try {
            def response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:${port}/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())
            [response.statusCode(), response.body()]
        } catch (IOException ignored) {
            [0, '']
        } finally {
            client.close()
        }
    }

    /** Stops whatever release the spec left running on its port. */
    void stop() {
        def pb = new ProcessBuilder(DEMO_SH, 'stop', port.toString()).redirectErrorStream(true)
        pb.environment().putAll(env)
        pb.environment().put('JAVA_HOME', System.getProperty('java.home'))
        def p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
        p.waitFor(30, TimeUnit.SECONDS)
    }

    private static int freePort() {
        new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).withCloseable { it.localPort }
    }
}
