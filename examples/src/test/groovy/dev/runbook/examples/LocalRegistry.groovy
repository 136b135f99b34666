package dev.runbook.examples

import dev.runbook.integrations.testing.PrivateDockerEngine

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A real image registry on 127.0.0.1 (Debian's docker-registry, the CNCF distribution registry) for `docker pull`
 * and `docker-compose pull` to fetch from: no registry on the internet is reachable here. Docker treats registries
 * on 127.0.0.0/8 as insecure by default, so plain HTTP needs no daemon flag. Started once per test JVM with its
 * storage in a temp folder, stopped when the JVM exits.
 */
final class LocalRegistry {
    private static LocalRegistry instance

    /** host:port, the prefix of the image names pushed here: {@code 127.0.0.1:40123/stateflow/api:v2.4.0}. */
    final String host
    private final Process process
    private final Path dir

    static synchronized LocalRegistry get() {
        if (instance == null) {
            if (!PrivateDockerEngine.onPath('docker-registry')) {
                throw new IllegalStateException('docker-registry is not installed — run .ci/install-docker.sh')
            }
            instance = new LocalRegistry()
        }
        instance
    }

    private LocalRegistry() {
        dir = Files.createTempDirectory('examples-registry-')
        int port = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
        host = "127.0.0.1:${port}".toString()
        Path config = dir.resolve('config.yml')
        Files.writeString(config, """\
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: ${dir.resolve('storage')}
            http:
              addr: ${host}
            """.stripIndent())
        process = new ProcessBuilder('docker-registry', 'serve', config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve('registry.log').toFile()).start()
        Runtime.runtime.addShutdownHook(new Thread({ stop() }, 'examples-registry-stop'))
        try {
            PrivateDockerEngine.waitUntil(20) { answers() }
        } catch (IllegalStateException e) {
            stop()
            throw new IllegalStateException("docker-registry did not answer on ${host}: ${Files.readString(dir.resolve('registry.log'))}", e)
        }
    }

    private boolean answers() {
        if (!process.alive) return false
        try {
            def c = (HttpURLConnection) new URL("http://${host}/v2/").openConnection()
            c.connectTimeout = 500
            c.responseCode == 200
        } catch (IOException ignored) {
            false
        }
    }

    private void stop() {
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
        dir.toFile().deleteDir()
    }
}
