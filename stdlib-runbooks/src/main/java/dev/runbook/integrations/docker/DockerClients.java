package dev.runbook.integrations.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Docker Engine client per engine address, built on first use and shared by every step of the process
 * (docker-java clients are thread-safe and hold a connection pool, so making one per step would be waste).
 */
final class DockerClients {
    static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    private static final Map<String, DockerClient> CLIENTS = new ConcurrentHashMap<>();

    private DockerClients() {}

    /** The engine address a run talks to: {@code DOCKER_HOST} from the run's environment, else the default socket. */
    static String host(Map<String, String> environment) {
        String host = environment.get("DOCKER_HOST");
        return host == null || host.isBlank() ? DEFAULT_HOST : host.trim();
    }

    static DockerClient forEnvironment(Map<String, String> environment) {
        String host = host(environment);
        String tlsVerify = environment.get("DOCKER_TLS_VERIFY");
        String certPath = environment.get("DOCKER_CERT_PATH");
        String key = host + "|" + tlsVerify + "|" + certPath;
        return CLIENTS.computeIfAbsent(key, k -> build(host, tlsVerify, certPath));
    }

    private static DockerClient build(String host, String tlsVerify, String certPath) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host);
        if (tlsVerify != null && !tlsVerify.isBlank()) builder.withDockerTlsVerify(!"0".equals(tlsVerify.trim()));
        if (certPath != null && !certPath.isBlank()) builder.withDockerCertPath(certPath);
        DefaultDockerClientConfig config = builder.build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxConnections(20)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
