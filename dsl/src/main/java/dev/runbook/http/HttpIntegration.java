package dev.runbook.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runbook.diag.Suggestions;
import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.StepFailure;
import groovy.lang.Closure;
import groovy.lang.IntRange;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code http} in steps: {@code http.get/post/put/patch/delete(url, headers:, json:, body:, timeout:)} returning
 * {@link HttpResult}, and the probe {@code http url, expect: 200, body: ~/ok/, json: { it.db == 'up' }} returning
 * {@link ProbeResult} for health checks and gates. The JDK's HttpClient; JSON through Jackson. No retries: gates
 * and step options decide when to try again.
 */
public final class HttpIntegration {
    private static final Set<String> REQUEST_OPTIONS = Set.of("headers", "json", "body", "timeout");
    private static final Set<String> PROBE_OPTIONS = Set.of("expect", "body", "json", "headers", "timeout", "method");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final IntegrationContext context;
    private final HttpTransport transport;

    public HttpIntegration(IntegrationContext context) {
        this(context, JdkHttpTransport.INSTANCE);
    }

    /** With another transport: the test harness's scripted answers. */
    public HttpIntegration(IntegrationContext context, HttpTransport transport) {
        this.context = context;
        this.transport = transport;
    }

    public HttpResult get(String url) { return request("GET", Map.of(), url); }
    public HttpResult get(Map<String, Object> options, String url) { return request("GET", options, url); }
    public HttpResult delete(String url) { return request("DELETE", Map.of(), url); }
    public HttpResult delete(Map<String, Object> options, String url) { return request("DELETE", options, url); }
    public HttpResult post(String url) { return request("POST", Map.of(), url); }
    public HttpResult post(Map<String, Object> options, String url) { return request("POST", options, url); }
    public HttpResult put(String url) { return request("PUT", Map.of(), url); }
    public HttpResult put(Map<String, Object> options, String url) { return request("PUT", options, url); }
    public HttpResult patch(String url) { return request("PATCH", Map.of(), url); }
    public HttpResult patch(Map<String, Object> options, String url) { return request("PATCH", options, url); }

    /** The probe: {@code http url, expect: 200}. Never throws for a bad answer: it says what it saw. */
    public ProbeResult call(Map<String, Object> options, String url) {
        unknown(options, PROBE_OPTIONS, "http probe");
        Map<String, Object> req = new LinkedHashMap<>();
        if (options.get("headers") != null) req.put("headers", options.get("headers"));
        if (options.get("timeout") != null) req.put("timeout", options.get("timeout"));
        String method = options.get("method") == null ? "GET" : options.get("method").toString().toUpperCase(java.util.Locale.ROOT);
        HttpResult r;
        try {
            r = send(method, req, url, false);
        } catch (StepFailure f) {
            context.observe(f.getMessage());
            return new ProbeResult(false, f.getMessage(), null);
        }
        String why = mismatch(r, options);
        String observation = why == null ? r.describe() : r.describe() + " (" + why + ")";
        context.observe(observation);
        return new ProbeResult(why == null, observation, r);
    }

    public ProbeResult call(String url) {
        return call(Map.of("expect", 200), url);
    }

    private HttpResult request(String method, Map<String, Object> options, String url) {
        unknown(options, REQUEST_OPTIONS, "http." + method.toLowerCase(java.util.Locale.ROOT));
        return send(method, options, url, true);
    }

    private HttpResult send(String method, Map<String, Object> options, String url, boolean record) {
        boolean changes = !method.equals("GET") && !method.equals("HEAD");
        long t0 = context.clock().millis();
        if (changes && context.dryRun()) {
            journal(method, url, "dry-run", 0, t0, null);
            return new HttpResult(method, url, 0, "", Map.of());
        }
        try {
            URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StepFailure("http: '" + url + "' is not a URL: " + e.getMessage(), StepFailure.Kind.ERROR);
        }
        Object timeout = options.get("timeout");
        Duration limit = timeout instanceof Duration d ? d : DEFAULT_TIMEOUT;
        Map<String, String> headers = new LinkedHashMap<>();
        if (options.get("headers") instanceof Map<?, ?> h) h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        String body = null;
        if (options.get("json") != null) {
            try {
                body = HttpResult.JSON.writeValueAsString(options.get("json"));
                headers.put("Content-Type", "application/json");
            } catch (JsonProcessingException e) {
                throw new StepFailure("http: json: cannot be written as JSON: " + e.getOriginalMessage(), StepFailure.Kind.ERROR);
            }
        } else if (options.get("body") != null) {
            body = String.valueOf(options.get("body"));
        }
        try {
            HttpResult r = transport.send(method, url, headers, body, limit);
            if (record) journal(method, url, "ok", r.getStatus(), t0, null);
            return r;
        } catch (HttpConnectTimeoutException e) {
            throw failed(method, url, "no connection within the timeout", t0, record);
        } catch (HttpTimeoutException e) {
            throw failed(method, url, "no answer within " + dev.runbook.lang.Durations.format(limit), t0, record);
        } catch (ConnectException e) {
            throw failed(method, url, "connection refused", t0, record);
        } catch (IOException e) {
            throw failed(method, url, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), t0, record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(method, url, "interrupted", t0, record);
        }
    }

    private StepFailure failed(String method, String url, String why, long t0, boolean record) {
        String msg = method + " " + HttpResult.shortUrl(url) + " → " + why;
        if (record) journal(method, url, "failed", 0, t0, why);
        return new StepFailure(msg, StepFailure.Kind.ERROR);
    }

    private void journal(String method, String url, String outcome, int status, long t0, String error) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("integration", "http");
        d.put("target", url);
        d.put("action", method);
        d.put("outcome", outcome);
        if (status > 0) d.put("status", status);
        d.put("durationMs", context.clock().millis() - t0);
        if (error != null) d.put("error", error);
        context.record("integration.call", d);
    }

    /** Why the answer is not what the probe expects; null when it is. */
    private static String mismatch(HttpResult r, Map<String, Object> options) {
        Object expect = options.containsKey("expect") ? options.get("expect") : 200;
        if (!statusMatches(r.getStatus(), expect)) return "expected " + expect;
        Object body = options.get("body");
        if (body instanceof Pattern p && (r.getBody() == null || !p.matcher(r.getBody()).find())) return "body does not match /" + p + "/";
        if (body instanceof CharSequence cs && (r.getBody() == null || !r.getBody().contains(cs))) return "body lacks '" + cs + "'";
        if (options.get("json") instanceof Closure<?> c) {
            Object parsed;
            try {
                parsed = r.getJson();
            } catch (StepFailure f) {
                return "body is not JSON";
            }
            if (!DefaultTypeTransformation.castToBoolean(c.call(parsed))) return "json condition is false: " + HttpResult.abbreviate(r.getBody());
        }
        return null;
    }

    private static boolean statusMatches(int status, Object expect) {
        if (expect instanceof IntRange range) return range.containsWithinBounds(status);
        if (expect instanceof Number n) return status == n.intValue();
        if (expect instanceof Collection<?> c) return c.stream().anyMatch(x -> statusMatches(status, x));
        return String.valueOf(status).equals(String.valueOf(expect));
    }

    private static void unknown(Map<String, Object> options, Set<String> known, String what) {
        for (String k : options.keySet()) {
            if (!known.contains(k)) {
                throw new StepFailure("unknown option '" + k + ":' for " + what + " — "
                        + Suggestions.didYouMean(k, known, "the options are " + String.join(", ", List.copyOf(known))), StepFailure.Kind.ERROR);
            }
        }
    }
}
