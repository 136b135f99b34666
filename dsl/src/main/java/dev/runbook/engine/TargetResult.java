package dev.runbook.engine;

import java.time.Duration;

/**
 * How one target of a {@code forEach} went: {@code results[0].target}, {@code .status} ("ok", "failed", or "skipped"
 * when it was never launched because {@code maxErrors} was exceeded or the run was stopped), {@code .duration},
 * {@code .value} (what the block returned) and {@code .error}.
 */
public final class TargetResult {
    public enum Status {
        OK, FAILED, SKIPPED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Object target;
    private final Status status;
    private final Duration duration;
    private final Object value;
    private final String error;

    TargetResult(Object target, Status status, Duration duration, Object value, String error) {
        this.target = target;
        this.status = status;
        this.duration = duration;
        this.value = value;
        this.error = error;
    }

    /** A target that finished ok before a resume: not run again, its value not known. */
    static TargetResult doneEarlier(Object target) {
        return new TargetResult(target, Status.OK, Duration.ZERO, null, null);
    }

    /** A target that was stopped and had not ended when the fan-out stopped waiting for it: failed, with why. */
    static TargetResult leftRunning(Object target, Duration ranFor, String why) {
        return new TargetResult(target, Status.FAILED, ranFor, null, why);
    }

    static TargetResult skipped(Object target, String why) {
        return new TargetResult(target, Status.SKIPPED, Duration.ZERO, null, why);
    }

    public Object getTarget() { return target; }
    /** "ok", "failed" or "skipped". */
    public String getStatus() { return status.label(); }
    Status status() { return status; }
    public Duration getDuration() { return duration; }
    public Object getValue() { return value; }
    /** Why it failed or was skipped; null when it ran ok. */
    public String getError() { return error; }
    public boolean isOk() { return status == Status.OK; }

    @Override
    public String toString() {
        return target + ": " + status.label() + (status == Status.OK ? " " + value : " (" + error + ")");
    }
}
