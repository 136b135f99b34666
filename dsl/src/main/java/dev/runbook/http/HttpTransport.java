package dev.runbook.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Sends one HTTP request: the JDK's HttpClient in real runs, scripted answers in runbook specs. Everything above it
 * (probes, expectations, JSON, the journal) is the same in both, so a spec tests the runbook's real health checks.
 */
public interface HttpTransport {
    /**
     * @param body    the request body (JSON already written), or null
     * @throws java.net.ConnectException                when nobody listens
     * @throws java.net.http.HttpTimeoutException       when no answer came within {@code timeout}
     */
    HttpResult send(String method, String url, Map<String, String> headers, String body, Duration timeout)
            throws IOException, InterruptedException;
}
