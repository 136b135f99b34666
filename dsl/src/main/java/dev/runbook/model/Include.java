package dev.runbook.model;

import java.util.Map;

/**
 * {@code include 'stdlib:k8s/rollout-undo', with: [deployment: 'api']}: another runbook's procedure, run as a sub-run
 * at this point. The builder records the reference; the compiler reads and compiles the included runbook into
 * {@code target} (the builder does no I/O).
 *
 * @param ref    {@code stdlib:group/name}, or a path relative to the including file
 * @param with   params for the included runbook: constants, or {@link Action}s evaluated when the include runs
 *               (so {@code { params.deployment }} can read the run's params); params it does not list are taken
 *               from the including run's params of the same name
 * @param target the compiled included runbook; null until the compiler resolved it
 * @param when   {@code when: { ... }}: evaluated when the include's turn comes; false skips it (null: always runs)
 */
public record Include(String name, String ref, Map<String, Object> with, boolean continueOnFailure, Runbook target,
                      SourcePos pos, Action when) implements Node {
    public Include {
        with = Map.copyOf(with);
    }

    public Include resolved(Runbook included) {
        return new Include(name, ref, with, continueOnFailure, included, pos, when);
    }

    /** Run again from its start on resume without asking only when everything it runs may be. */
    @Override
    public boolean safeToRunAgain() {
        return target == null || target.nodes().stream().allMatch(Node::safeToRunAgain);
    }

    @Override
    public String kind() {
        return "include";
    }
}
