package dev.runbook.term;

import dev.runbook.engine.RunOptions;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * What {@code exec} and {@code repl} both ask about the run they start: where it is journaled, how long it may
 * queue for a lock another run holds, and who runs it. A picocli mixin, so both say it in the same words.
 */
public final class RunPlaceOptions {
    @Option(names = "--journal", paramLabel = "DIR|URL", description = "where the run is journaled: a folder that holds one folder "
            + "per run, or jdbc:postgresql://HOST/DB shared by the team (default: the team file's journal, else .runbook/runs)")
    String journal;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationOption.class,
            description = "queue up to this long (90s, 5m) for a lock another run holds, instead of being refused")
    Duration lockWait;

    @Option(names = "--operator", paramLabel = "NAME", description = "who runs this (default: the OS user)")
    String operator;

    /** {@code --journal}: where the run is journaled, or null for the default (the command opens it). */
    public String journal() { return journal; }

    /** {@code --wait}: how long the run may queue for a lock, or null to be refused at once. */
    public Duration lockWait() { return lockWait; }

    /** {@code options} with the lock wait and the operator given here (the journal is opened by the command). */
    public RunOptions applyTo(RunOptions options) {
        RunOptions o = options.withLockWait(lockWait);
        return operator == null ? o : o.withOperatorName(operator);
    }
}
