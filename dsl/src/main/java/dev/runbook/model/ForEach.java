package dev.runbook.model;

import java.util.List;

/**
 * {@code forEach(targets, concurrency: 10, maxErrors: 1) { t -> ... }} at the top level of a runbook: a step-like
 * node whose body runs once per target, several at once.
 *
 * @param targets       the targets when written as a list; null when {@code targetsBlock} computes them at run time
 * @param targetsBlock  a block that returns the targets when the node runs (params are known only then); or null
 * @param body          runs per target, receiving it as its parameter, with the scope a step body has
 */
public record ForEach(String name, List<Object> targets, Action targetsBlock, FanOutOptions options, Action body,
                      SourcePos pos) implements Node {
    public ForEach {
        targets = targets == null ? null : List.copyOf(targets);
    }

    @Override
    public String kind() {
        return "forEach";
    }

    @Override
    public boolean safeToRunAgain() {
        return options.idempotent();
    }
}
