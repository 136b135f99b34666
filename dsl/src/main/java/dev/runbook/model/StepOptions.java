package dev.runbook.model;

import java.time.Duration;

/**
 * How a step runs. Null durations mean "not set".
 *
 * @param retry attempts after the first
 * @param when  null when the step always runs
 */
public record StepOptions(Duration timeout, int retry, Duration backoff, Duration expected, Action when,
                          boolean idempotent, boolean continueOnFailure) {
    public static final StepOptions DEFAULTS = new StepOptions(null, 0, Duration.ZERO, null, null, false, false);

    public int attempts() {
        return retry + 1;
    }
}
