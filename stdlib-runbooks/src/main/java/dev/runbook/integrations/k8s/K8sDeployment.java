package dev.runbook.integrations.k8s;

import dev.runbook.engine.Clock;
import dev.runbook.integrations.support.NamedOptions;
import dev.runbook.lang.Durations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code k8s.deployment('api', ns: 'shop')}: its rollout history, undo, rollout status, scale, restart and image. */
public final class K8sDeployment {
    private static final Duration DEFAULT_POLL = Duration.ofSeconds(2);

    private final K8sCalls calls;
    private final String name;
    private final String namespace;

    K8sDeployment(K8sCalls calls, String name, String namespace) {
        this.calls = calls;
        this.name = name;
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    /** Its revisions, oldest first, with change-cause and images (as {@code kubectl rollout history}). */
    public List<K8sRevision> history() {
        Map<String, Object> extra = new LinkedHashMap<>();
        return calls.call("history", object(), namespace, false, extra, (c, dry) -> {
            List<K8sRevision> revisions = c.rollouts(name).history();
            extra.put("count", revisions.size());
            return revisions;
        });
    }

    public K8sRollback undo() {
        return undo(Map.of());
    }

    /**
     * Rolls back to the previous revision, or to {@code toRevision:}, exactly as {@code kubectl rollout undo}.
     * Fails when that revision is not in the history. Does not wait: follow with {@code status(wait: ...)}.
     */
    public K8sRollback undo(Map<String, Object> options) {
        NamedOptions o = NamedOptions.of("k8s.deployment.undo", options, List.of("toRevision"));
        Integer to = o.integer("toRevision");
        if (to != null && to <= 0) {
            throw new dev.runbook.engine.StepFailure("k8s.deployment.undo: toRevision: must be a revision number from history(), not " + to,
                    dev.runbook.engine.StepFailure.Kind.ERROR);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        if (to != null) extra.put("toRevision", to);
        return calls.call("undo", object(), namespace, true, extra, (c, dry) -> {
            K8sRollback r = c.rollouts(name).undo(to == null ? 0 : to, dry);
            extra.put("fromRevision", r.fromRevision());
            extra.put("toRevision", r.toRevision());
            if (r.skipped()) extra.put("skipped", true);
            return r;
        });
    }

    public K8sRolloutStatus status() {
        return status(Map.of());
    }

    /**
     * Where the rollout stands. With {@code wait: 5.minutes} it waits for the rollout to finish (updated = ready =
     * desired), checking every {@code every:} (2 s), and fails with what is still missing when the time runs out,
     * or at once when the deployment's progress deadline has passed.
     */
    public K8sRolloutStatus status(Map<String, Object> options) {
        NamedOptions o = NamedOptions.of("k8s.deployment.status", options, List.of("wait", "every"));
        Duration wait = o.duration("wait");
        Duration every = o.has("every") ? o.duration("every") : DEFAULT_POLL;
        Clock clock = calls.context().clock();
        Map<String, Object> extra = new LinkedHashMap<>();
        if (wait != null) extra.put("wait", Durations.format(wait));
        return calls.call("status", object(), namespace, false, extra, (c, dry) -> {
            Rollouts rollouts = c.rollouts(name);
            long deadline = clock.millis() + (wait == null ? 0 : wait.toMillis());
            K8sRolloutStatus s = rollouts.status();
            while (wait != null && !s.done()) {
                long left = deadline - clock.millis();
                if (s.stalled() || left <= 0) {
                    throw new IllegalStateException((s.stalled() ? "" : "not finished after " + Durations.format(wait) + ": ")
                            + s.message() + " (desired " + s.desired() + ", updated " + s.updated() + ", ready " + s.ready()
                            + ", available " + s.available() + ")");
                }
                sleep(clock, Duration.ofMillis(Math.min(every.toMillis(), left)));
                s = rollouts.status();
            }
            extra.put("done", s.done());
            extra.put("message", s.message());
            return s;
        });
    }

    private static void sleep(Clock clock, Duration d) {
        try {
            clock.sleep(d, () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.runbook.engine.StepFailure("k8s: stopped while waiting for the rollout", dev.runbook.engine.StepFailure.Kind.ABORTED);
        }
    }

    /** Sets the desired replicas; does not wait (follow with {@code status(wait: ...)}). */
    public K8sChange scale(int replicas) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("replicas", replicas);
        return calls.call("scale", object(), namespace, true, extra, (c, dry) -> {
            K8sChange change = c.rollouts(name).scale(replicas, dry);
            extra.put("from", Integer.parseInt(change.before()));
            return change;
        });
    }

    /** Replaces every pod through a rolling update, as {@code kubectl rollout restart}. */
    public K8sChange restart() {
        return calls.call("restart", object(), namespace, true, new LinkedHashMap<>(),
                (c, dry) -> c.rollouts(name).restart(calls.context().clock().instant(), dry));
    }

    /**
     * Sets one container's image: {@code image('api', 'v1.4.2')} keeps the repository and changes the tag; a full
     * reference ({@code 'registry/api:v1.4.2'}) replaces the image. The change-cause names the runbook step.
     */
    public K8sChange image(String container, String tag) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("container", container);
        String cause = "runbook step '" + calls.context().step() + "': set image {image}";
        return calls.call("image", object(), namespace, true, extra, (c, dry) -> {
            K8sChange change = c.rollouts(name).image(container, tag, cause, dry);
            extra.put("image", change.after());
            return change;
        });
    }

    private String object() {
        return "deployment/" + name;
    }

    @Override
    public String toString() {
        return "deployment/" + name + (namespace == null ? "" : " in " + namespace);
    }
}
