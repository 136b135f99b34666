package dev.runbook.integrations.k8s;

import dev.runbook.diag.Suggestions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A deployment's rollouts through fabric8, following what {@code kubectl rollout} does (history from the
 * ReplicaSets it owns, undo by copying a ReplicaSet's template back, status as {@code rollout status} judges it).
 */
final class Rollouts {
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    static final String HASH_LABEL = "pod-template-hash";
    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
    /** Deployment annotations an undo keeps rather than copying from the ReplicaSet (kubectl's annotationsToSkip). */
    private static final Set<String> KEPT_ANNOTATIONS = Set.of("kubectl.kubernetes.io/last-applied-configuration", REVISION,
            "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
            "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to");

    private final KubernetesClient client;
    private final String name;
    private final String namespace;

    Rollouts(KubernetesClient client, String name, String namespace) {
        this.client = client;
        this.name = name;
        this.namespace = namespace;
    }

    private RollableScalableResource<Deployment> resource() {
        return client.apps().deployments().inNamespace(namespace).withName(name);
    }

    /** The deployment, or a failure that names the deployments that do exist there. */
    Deployment get() {
        Deployment d = K8sErrors.translate(() -> resource().get());
        if (d != null) return d;
        List<String> names = K8sErrors.translate(() -> client.apps().deployments().inNamespace(namespace).list().getItems())
                .stream().map(x -> x.getMetadata().getName()).sorted().toList();
        throw new IllegalStateException("there is no deployment '" + name + "' in namespace '" + namespace + "' — "
                + Suggestions.didYouMean(name, names, names.isEmpty() ? "the namespace has no deployments"
                : "deployments there: " + String.join(", ", names)));
    }

    // ---- history and undo ----------------------------------------------------------------------------------------

    List<K8sRevision> history() {
        Deployment d = get();
        return replicaSets(d).stream()
                .filter(rs -> revision(rs) > 0)
                .sorted(Comparator.comparingLong(Rollouts::revision))
                .map(rs -> new K8sRevision(revision(rs), annotation(rs, CHANGE_CAUSE), rs.getMetadata().getName(),
                        images(rs.getSpec().getTemplate()), created(rs), sameTemplate(rs.getSpec().getTemplate(), d.getSpec().getTemplate())))
                .toList();
    }

    /**
     * Rolls back as {@code kubectl rollout undo} does: to {@code toRevision}, or (0) to the revision before the
     * newest; copies that ReplicaSet's template (minus its pod-template-hash label) and its annotations into the
     * deployment with a JSON patch.
     */
    K8sRollback undo(long toRevision, boolean dryRun) {
        Deployment d = get();
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            throw new IllegalStateException("the deployment is paused — resume it first (kubectl rollout resume deployment/" + name + ")");
        }
        List<ReplicaSet> sets = replicaSets(d).stream().filter(rs -> revision(rs) > 0)
                .sorted(Comparator.comparingLong(Rollouts::revision).reversed()).toList();
        long latest = sets.isEmpty() ? 0 : revision(sets.getFirst());
        ReplicaSet target;
        if (toRevision == 0) {
            if (sets.size() < 2) throw new IllegalStateException("no earlier revision to roll back to — the history has "
                    + (sets.isEmpty() ? "no revisions" : "only revision " + latest));
            target = sets.get(1);
        } else {
            target = sets.stream().filter(rs -> revision(rs) == toRevision).findFirst().orElseThrow(() ->
                    new IllegalStateException("there is no revision " + toRevision + " in the history — revisions there: "
                            + String.join(", ", sets.stream().map(rs -> String.valueOf(revision(rs))).sorted().toList())));
        }
        PodTemplateSpec template = withoutHashLabel(target.getSpec().getTemplate());
        List<String> images = images(template);
        long to = revision(target);
        if (sameTemplate(template, d.getSpec().getTemplate())) {
            return new K8sRollback(name, namespace, latest, to, images, true, dryRun);
        }
        if (!dryRun) {
            Map<String, String> annotations = new LinkedHashMap<>();
            Map<String, String> current = d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations();
            current.forEach((k, v) -> { if (KEPT_ANNOTATIONS.contains(k)) annotations.put(k, v); });
            if (target.getMetadata().getAnnotations() != null) {
                target.getMetadata().getAnnotations().forEach((k, v) -> { if (!KEPT_ANNOTATIONS.contains(k)) annotations.put(k, v); });
            }
            List<Map<String, Object>> patch = List.of(
                    Map.of("op", "replace", "path", "/spec/template", "value", template),
                    Map.of("op", "replace", "path", "/metadata/annotations", "value", annotations));
            String json = client.getKubernetesSerialization().asJson(patch);
            K8sErrors.translate(() -> resource().patch(PatchContext.of(PatchType.JSON), json));
        }
        return new K8sRollback(name, namespace, latest, to, images, false, dryRun);
    }

    /** The ReplicaSets this deployment controls (selected by its labels and owned by it), like kubectl finds them. */
    private List<ReplicaSet> replicaSets(Deployment d) {
        var selector = d.getSpec().getSelector();
        var sets = K8sErrors.translate(() -> client.apps().replicaSets().inNamespace(namespace)
                .withLabelSelector(selector).list().getItems());
        String uid = d.getMetadata().getUid();
        return sets.stream().filter(rs -> ownedBy(rs, d.getMetadata().getName(), uid)).toList();
    }

    private static boolean ownedBy(HasMetadata rs, String deployment, String uid) {
        List<OwnerReference> owners = rs.getMetadata().getOwnerReferences();
        if (owners == null) return false;
        return owners.stream().anyMatch(o -> "Deployment".equals(o.getKind()) && deployment.equals(o.getName())
                && (uid == null || o.getUid() == null || uid.equals(o.getUid())));
    }

    // ---- status --------------------------------------------------------------------------------------------------

    /** Where the rollout stands, with the words {@code kubectl rollout status} would use for what is missing. */
    K8sRolloutStatus status() {
        Deployment d = get();
        DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int updated = n(s.getUpdatedReplicas()), ready = n(s.getReadyReplicas()), available = n(s.getAvailableReplicas());
        int total = n(s.getReplicas());
        String message;
        boolean done = false, stalled = false;
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        long observed = s.getObservedGeneration() == null ? -1 : s.getObservedGeneration();
        if (observed < generation) {
            message = "waiting for the deployment controller to see the new spec (generation " + generation + ", observed " + Math.max(observed, 0) + ")";
        } else if (progressDeadlineExceeded(s)) {
            stalled = true;
            message = "the rollout exceeded its progress deadline: " + updated + " of " + desired + " replicas updated, " + ready + " ready";
        } else if (updated < desired) {
            message = updated + " of " + desired + " replicas updated";
        } else if (total > updated) {
            message = (total - updated) + " old replica" + (total - updated == 1 ? " is" : "s are") + " still terminating";
        } else if (ready < desired) {
            message = ready + " of " + desired + " updated replicas ready";
        } else if (available < updated) {
            message = available + " of " + updated + " updated replicas available";
        } else {
            message = "rolled out: " + desired + " of " + desired + " replicas updated and ready";
            done = true;
        }
        return new K8sRolloutStatus(name, namespace, desired, updated, ready, available, total, done, stalled, message);
    }

    private static boolean progressDeadlineExceeded(DeploymentStatus s) {
        List<DeploymentCondition> conditions = s.getConditions() == null ? List.of() : s.getConditions();
        return conditions.stream().anyMatch(c -> "Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason()));
    }

    // ---- changes -------------------------------------------------------------------------------------------------

    K8sChange scale(int replicas, boolean dryRun) {
        Deployment d = get();
        String before = String.valueOf(d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas());
        if (!dryRun) K8sErrors.translate(() -> resource().scale(replicas));
        return new K8sChange(name, namespace, "scale", before, String.valueOf(replicas), dryRun);
    }

    /** Restarts every pod through a rollout, as {@code kubectl rollout restart}: a new restartedAt annotation on the template. */
    K8sChange restart(Instant now, boolean dryRun) {
        get();
        if (!dryRun) {
            K8sErrors.translate(() -> resource().edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editOrNewMetadata()
                    .addToAnnotations(RESTARTED_AT, now.toString()).endMetadata().endTemplate().endSpec().build()));
        }
        return new K8sChange(name, namespace, "restart", null, now.toString(), dryRun);
    }

    /**
     * Sets a container's image, recording why in the change-cause so that {@code history()} shows it. A bare tag
     * keeps the image's repository; anything with a '/', ':' or '@' is a whole image reference.
     */
    K8sChange image(String container, String tagOrImage, String cause, boolean dryRun) {
        Deployment d = get();
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        Container c = containers.stream().filter(x -> x.getName().equals(container)).findFirst().orElseThrow(() -> {
            List<String> names = containers.stream().map(Container::getName).toList();
            return new IllegalStateException("the deployment has no container '" + container + "' — "
                    + Suggestions.didYouMean(container, names, "its containers: " + String.join(", ", names)));
        });
        String before = c.getImage();
        String after = ImageRefs.withTag(before, tagOrImage);
        if (!dryRun) {
            K8sErrors.translate(() -> resource().edit(x -> {
                Deployment copy = new DeploymentBuilder(x).editMetadata().addToAnnotations(CHANGE_CAUSE, cause.replace("{image}", container + "=" + after))
                        .endMetadata().build();
                copy.getSpec().getTemplate().getSpec().getContainers().stream().filter(k -> k.getName().equals(container))
                        .forEach(k -> k.setImage(after));
                return copy;
            }));
        }
        return new K8sChange(name, namespace, "image", before, after, dryRun);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static long revision(HasMetadata rs) {
        String v = annotation(rs, REVISION);
        try {
            return v == null ? 0 : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String annotation(HasMetadata o, String key) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    private static Instant created(HasMetadata o) {
        String t = o.getMetadata().getCreationTimestamp();
        return t == null ? null : Instant.parse(t);
    }

    static List<String> images(PodTemplateSpec t) {
        List<String> out = new ArrayList<>();
        if (t != null && t.getSpec() != null && t.getSpec().getContainers() != null) {
            t.getSpec().getContainers().forEach(c -> out.add(c.getImage()));
        }
        return out;
    }

    /** A copy of the template without the pod-template-hash label the ReplicaSet controller adds. */
    private PodTemplateSpec withoutHashLabel(PodTemplateSpec t) {
        PodTemplateSpec copy = client.getKubernetesSerialization().clone(t);
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels());
            labels.remove(HASH_LABEL);
            copy.getMetadata().setLabels(labels);
        }
        return copy;
    }

    private boolean sameTemplate(PodTemplateSpec a, PodTemplateSpec b) {
        return Objects.equals(withoutHashLabel(a), withoutHashLabel(b));
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
