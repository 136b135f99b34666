package dev.runbook.http;

/**
 * What the probe {@code http url, expect: 200} returns inside {@code health { }} and gates: true when the answer
 * was as expected (Groovy truth), with the observation the gate shows ("GET /health → 503").
 */
public final class ProbeResult {
    private final boolean ok;
    private final String observation;
    private final HttpResult response;

    ProbeResult(boolean ok, String observation, HttpResult response) {
        this.ok = ok;
        this.observation = observation;
        this.response = response;
    }

    public boolean isOk() { return ok; }
    public String getObservation() { return observation; }
    /** Null when no answer came (connection refused, timeout). */
    public HttpResult getResponse() { return response; }

    /** Groovy truth: {@code if (http(url, expect: 200)) ...}. */
    public boolean asBoolean() { return ok; }

    @Override
    public String toString() { return observation; }
}
