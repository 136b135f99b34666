package dev.runbook.model;

import java.time.Duration;

/**
 * Polls a condition until it holds (for {@code sustain} without a break, when set); fails when {@code within}
 * runs out.
 *
 * @param condition   null: the runbook's named health check
 * @param sustain     null: one passing poll is enough
 * @param pollTimeout how long one poll may take; a hanging endpoint never stalls the gate past {@code within}
 * @param when        {@code when: { ... }}: evaluated when the gate's turn comes; false skips it (null: always polls)
 * @param continueOnFailure a gate that does not pass is recorded ("failed continued") and the run goes on
 */
public record Gate(String name, Action condition, Duration within, Duration every, Duration sustain,
                   Duration pollTimeout, SourcePos pos, Action when, boolean continueOnFailure) implements Node {
    public Gate(String name, Action condition, Duration within, Duration every, Duration sustain, Duration pollTimeout,
                SourcePos pos) {
        this(name, condition, within, every, sustain, pollTimeout, pos, null, false);
    }

    public static final Duration DEFAULT_WITHIN = Duration.ofMinutes(2);
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(5);

    public boolean usesHealth() {
        return condition == null;
    }

    @Override
    public String kind() {
        return "gate";
    }
}
