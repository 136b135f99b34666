package dev.runbook.engine;

import dev.runbook.model.Severity;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code run} inside a step: who runs what, since when, at which severity. The severity can be decided during the
 * run ({@code run.severity = P1}): the change is journaled, and later approvals follow it.
 */
public final class RunInfo {
    /** Told of each change of the run's severity: from, to, and the step that changed it (null: none). */
    interface SeverityChanges {
        void changed(Severity from, Severity to, String step);
    }

    private final String id;
    private final AtomicReference<Severity> severity;
    private final String operator;
    private final Instant startedAt;
    private final String host;
    private final boolean dryRun;
    private final SeverityChanges changes;
    private final String step;

    RunInfo(String id, Severity severity, String operator, Instant startedAt, String host, boolean dryRun) {
        this(id, new AtomicReference<>(severity), operator, startedAt, host, dryRun, null, null);
    }

    private RunInfo(String id, AtomicReference<Severity> severity, String operator, Instant startedAt, String host,
                    boolean dryRun, SeverityChanges changes, String step) {
        this.id = id;
        this.severity = severity;
        this.operator = operator;
        this.startedAt = startedAt;
        this.host = host;
        this.dryRun = dryRun;
        this.changes = changes;
        this.step = step;
    }

    /** The same run, whose severity changes are told to {@code changes}. */
    RunInfo journaling(SeverityChanges c) {
        return new RunInfo(id, severity, operator, startedAt, host, dryRun, c, step);
    }

    /** The same run as step {@code name} sees it: a severity it sets is journaled as set by that step. */
    RunInfo seenFrom(String name) {
        return new RunInfo(id, severity, operator, startedAt, host, dryRun, changes, name);
    }

    public String getId() { return id; }
    public Severity getSeverity() { return severity.get(); }
    public String getOperator() { return operator; }
    public Instant getStartedAt() { return startedAt; }
    public String getHost() { return host; }
    public boolean isDryRun() { return dryRun; }

    /** {@code run.severity = P1}: decided during the run; later approvals follow it. */
    public void setSeverity(Severity s) {
        if (s == null) throw new StepFailure("run.severity must be P0, P1, P2 or P3, not null", StepFailure.Kind.ERROR);
        Severity was = severity.getAndSet(s);
        if (changes != null && was != s) changes.changed(was, s, step);
    }

    /** {@code run.severity = 'P1'} (text, e.g. from a param). */
    public void setSeverity(String text) {
        Severity s = Severity.parse(text);
        if (s == null) throw new StepFailure("run.severity must be P0, P1, P2 or P3, not '" + text + "'", StepFailure.Kind.ERROR);
        setSeverity(s);
    }

    @Override
    public String toString() { return id; }
}
