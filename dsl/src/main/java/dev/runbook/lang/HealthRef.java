package dev.runbook.lang;

import java.time.Duration;

/**
 * What {@code health} and {@code health(within: 2.minutes, every: 5.seconds)} mean inside {@code gate ...}: the
 * runbook's named health check with an optional window.
 */
public final class HealthRef {
    final Duration within;
    final Duration every;
    final Duration sustain;
    final Duration pollTimeout;
    final dev.runbook.model.Action when;
    final boolean continueOnFailure;

    HealthRef(Duration within, Duration every, Duration sustain, Duration pollTimeout, dev.runbook.model.Action when,
              boolean continueOnFailure) {
        this.within = within;
        this.every = every;
        this.sustain = sustain;
        this.pollTimeout = pollTimeout;
        this.when = when;
        this.continueOnFailure = continueOnFailure;
    }

    @Override
    public String toString() {
        return "health";
    }
}
