package dev.runbook.model;

import java.time.Duration;

/**
 * How a {@code forEach} fans out.
 *
 * @param concurrency       how many targets run at once (at least 1)
 * @param maxErrors         failures tolerated before no further target is launched; -1: no limit
 * @param maxErrorsFraction the same as a share of the targets ({@code maxErrors: 10.percent}); -1 when not set
 * @param timeout           per target; null: none
 */
public record FanOutOptions(int concurrency, int maxErrors, double maxErrorsFraction, Duration timeout,
                            boolean continueOnFailure, boolean idempotent) {
    public static final int DEFAULT_CONCURRENCY = 10;
    public static final FanOutOptions DEFAULTS = new FanOutOptions(DEFAULT_CONCURRENCY, -1, -1, null, false, false);

    /**
     * How many failures {@code targets} targets may have before launching stops (SSM's MaxErrors: launching stops once
     * the failures exceed this number); {@link Integer#MAX_VALUE} when there is no limit.
     */
    public int allowedErrors(int targets) {
        if (maxErrors >= 0) return maxErrors;
        if (maxErrorsFraction >= 0) return (int) Math.floor(maxErrorsFraction * targets + 1e-9);
        return Integer.MAX_VALUE;
    }

    /** The limit as written, for plans and the journal: "5", "10%", or null when there is none. */
    public String maxErrorsText() {
        if (maxErrors >= 0) return String.valueOf(maxErrors);
        if (maxErrorsFraction >= 0) {
            double pct = maxErrorsFraction * 100;
            return (pct == Math.rint(pct) ? String.valueOf((long) pct) : String.valueOf(pct)) + "%";
        }
        return null;
    }
}
