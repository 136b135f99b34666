package dev.runbook.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/** What {@code http.get(url)} returns: {@code status}, {@code body}, {@code json} (parsed on first use), {@code headers}. */
public final class HttpResult {
    /** GStrings ("${x}") in json: bodies are written as their text, not as a bean of their parts. */
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
            .addSerializer(groovy.lang.GString.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance));

    /** Writes a value as JSON the way request bodies are written (a scripted answer's json: in specs). */
    public static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private final String method;
    private final String url;
    private final int status;
    private final String body;
    private final Map<String, List<String>> headers;
    private Object json;
    private boolean parsed;

    public HttpResult(String method, String url, int status, String body, Map<String, List<String>> headers) {
        this.method = method;
        this.url = url;
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    public String getMethod() { return method; }
    public String getUrl() { return url; }
    public int getStatus() { return status; }
    public String getBody() { return body; }
    public Map<String, List<String>> getHeaders() { return headers; }
    /** True for 2xx. */
    public boolean isOk() { return status >= 200 && status < 300; }

    /** The body parsed as JSON: maps, lists, strings, numbers; fails the step with the body's start when it is not JSON. */
    public synchronized Object getJson() {
        if (!parsed) {
            try {
                json = body == null || body.isBlank() ? null : JSON.readValue(body, Object.class);
            } catch (JsonProcessingException e) {
                throw new dev.runbook.engine.StepFailure(method + " " + url + " → " + status + ": the body is not JSON: "
                        + abbreviate(body), dev.runbook.engine.StepFailure.Kind.ERROR);
            }
            parsed = true;
        }
        return json;
    }

    /** "GET /health → 503", the way gates describe what they saw. */
    public String describe() {
        return method + " " + shortUrl(url) + " → " + status;
    }

    static String shortUrl(String url) {
        int scheme = url.indexOf("://");
        int path = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        return path < 0 ? url : url.substring(path);
    }

    static String abbreviate(String s) {
        if (s == null) return "";
        String one = s.replace('\n', ' ').strip();
        return one.length() > 120 ? one.substring(0, 120) + "…" : one;
    }

    @Override
    public String toString() {
        return describe();
    }
}
