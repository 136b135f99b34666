package dev.runbook.engine;

import dev.runbook.model.Severity;

import java.time.Instant;

/** {@code run} inside a step: who runs what, since when, at which severity. */
public final class RunInfo {
    private final String id;
    private final Severity severity;
    private final String operator;
    private final Instant startedAt;
    private final String host;
    private final boolean dryRun;

    RunInfo(String id, Severity severity, String operator, Instant startedAt, String host, boolean dryRun) {
        this.id = id;
        this.severity = severity;
        this.operator = operator;
        this.startedAt = startedAt;
        this.host = host;
        this.dryRun = dryRun;
    }

    public String getId() { return id; }
    public Severity getSeverity() { return severity; }
    public String getOperator() { return operator; }
    public Instant getStartedAt() { return startedAt; }
    public String getHost() { return host; }
    public boolean isDryRun() { return dryRun; }

    @Override
    public String toString() { return id; }
}
