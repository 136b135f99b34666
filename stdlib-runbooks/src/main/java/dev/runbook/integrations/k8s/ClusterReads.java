package dev.runbook.integrations.k8s;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** Read-only looks at a namespace through fabric8: pods, events, logs, autoscalers. */
final class ClusterReads {
    private final KubernetesClient client;
    private final String namespace;

    ClusterReads(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** @param selector a label selector ("app=api,tier!=canary"), a map of labels, or null for all pods */
    List<K8sPod> pods(Object selector) {
        var pods = client.pods().inNamespace(namespace);
        List<Pod> items = K8sErrors.translate(() -> switch (selector) {
            case null -> pods.list().getItems();
            case Map<?, ?> m -> pods.withLabels(stringMap(m)).list().getItems();
            default -> pods.withLabelSelector(String.valueOf(selector)).list().getItems();
        });
        return items.stream().map(ClusterReads::pod).sorted(Comparator.comparing(K8sPod::name)).toList();
    }

    private static K8sPod pod(Pod p) {
        var status = p.getStatus();
        List<ContainerStatus> cs = status == null || status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses();
        int containers = p.getSpec() == null || p.getSpec().getContainers() == null ? cs.size() : p.getSpec().getContainers().size();
        long ready = cs.stream().filter(c -> Boolean.TRUE.equals(c.getReady())).count();
        int restarts = cs.stream().mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).sum();
        String phase = status == null || status.getPhase() == null ? "Unknown" : status.getPhase();
        String shown = p.getMetadata().getDeletionTimestamp() != null ? "Terminating" : cs.stream()
                .map(c -> c.getState() == null ? null : c.getState().getWaiting() != null ? c.getState().getWaiting().getReason()
                        : c.getState().getTerminated() != null ? c.getState().getTerminated().getReason() : null)
                .filter(Objects::nonNull).findFirst().orElse(phase);
        List<String> images = p.getSpec() == null ? List.of() : p.getSpec().getContainers().stream().map(c -> c.getImage()).toList();
        return new K8sPod(p.getMetadata().getName(), p.getMetadata().getNamespace(), phase, shown,
                containers > 0 && ready == containers, ready + "/" + containers, restarts,
                p.getSpec() == null ? null : p.getSpec().getNodeName(), status == null ? null : status.getPodIP(),
                status == null || status.getStartTime() == null ? null : Instant.parse(status.getStartTime()), images,
                p.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(p.getMetadata().getLabels()));
    }

    /**
     * Events at or after {@code since}, oldest first.
     *
     * @param object only events about the object with this name (a pod, a deployment), or null
     * @param type   only Normal or Warning events, or null
     */
    List<K8sEvent> events(Instant since, String object, String type) {
        List<Event> items = K8sErrors.translate(() -> client.v1().events().inNamespace(namespace).list().getItems());
        return items.stream()
                .map(e -> new K8sEvent(time(e), e.getType(), e.getReason(),
                        e.getInvolvedObject() == null ? null : e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName(),
                        e.getMessage(), e.getCount() == null ? 1 : e.getCount()))
                .filter(e -> since == null || (e.time() != null && !e.time().isBefore(since)))
                .filter(e -> object == null || (e.object() != null && e.object().endsWith("/" + object)))
                .filter(e -> type == null || type.equalsIgnoreCase(e.type()))
                .sorted(Comparator.comparing(K8sEvent::time, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    /** When it last happened: lastTimestamp, eventTime, firstTimestamp or creation, whichever the emitter filled in. */
    private static Instant time(Event e) {
        String t = Stream.of(e.getLastTimestamp(), e.getEventTime() == null ? null : e.getEventTime().getTime(),
                e.getFirstTimestamp(), e.getMetadata().getCreationTimestamp()).filter(Objects::nonNull).findFirst().orElse(null);
        return t == null ? null : Instant.parse(t);
    }

    /**
     * The last {@code tail} lines of a pod, or of each pod of a deployment. {@code target} is {@code pod/NAME},
     * {@code deployment/NAME}, or a bare name: a pod if one has it, else a deployment.
     */
    K8sLogs logs(String target, Integer tail, String container) {
        String kind = null, name = target;
        int slash = target.indexOf('/');
        if (slash > 0) {
            kind = target.substring(0, slash).toLowerCase(java.util.Locale.ROOT);
            name = target.substring(slash + 1);
        }
        final String podName = name;
        List<String> pods;
        if ("pod".equals(kind) || "pods".equals(kind) || "po".equals(kind)) {
            pods = List.of(name);
        } else if (kind == null && K8sErrors.translate(() -> client.pods().inNamespace(namespace).withName(podName).get()) != null) {
            pods = List.of(name);
        } else if (kind == null || kind.startsWith("deploy")) {
            var d = new Rollouts(client, name, namespace).get();
            pods = K8sErrors.translate(() -> client.pods().inNamespace(namespace).withLabelSelector(d.getSpec().getSelector())
                    .list().getItems()).stream().map(p -> p.getMetadata().getName()).sorted().toList();
            if (pods.isEmpty()) throw new IllegalStateException("deployment '" + name + "' has no pods to read logs from");
        } else {
            throw new IllegalStateException("logs are read from a pod or a deployment, not a " + kind + " — write pod/NAME or deployment/NAME");
        }
        List<String> parts = new ArrayList<>();
        for (String p : pods) {
            var pod = client.pods().inNamespace(namespace).withName(p);
            String text = K8sErrors.translate(() -> {
                var c = container == null ? pod : pod.inContainer(container);
                return tail == null ? c.getLog() : c.tailingLines(tail).getLog();
            });
            text = text == null ? "" : text.stripTrailing();
            parts.add(pods.size() == 1 ? text : "==> " + p + " <==\n" + text);
        }
        return new K8sLogs(target, pods, String.join("\n", parts));
    }

    K8sHpa hpa(String name) {
        HorizontalPodAutoscaler h = K8sErrors.translate(() -> client.autoscaling().v2().horizontalPodAutoscalers()
                .inNamespace(namespace).withName(name).get());
        if (h == null) throw new IllegalStateException("there is no HorizontalPodAutoscaler '" + name + "' in namespace '" + namespace + "'");
        var spec = h.getSpec();
        var status = h.getStatus();
        int max = spec.getMaxReplicas() == null ? 0 : spec.getMaxReplicas();
        int desired = status == null || status.getDesiredReplicas() == null ? 0 : status.getDesiredReplicas();
        int current = status == null || status.getCurrentReplicas() == null ? 0 : status.getCurrentReplicas();
        List<String> metrics = new ArrayList<>();
        List<MetricSpec> specs = spec.getMetrics() == null ? List.of() : spec.getMetrics();
        List<MetricStatus> now = status == null || status.getCurrentMetrics() == null ? List.of() : status.getCurrentMetrics();
        for (MetricSpec m : specs) {
            if (m.getResource() == null) {
                metrics.add(m.getType());
                continue;
            }
            String resource = m.getResource().getName();
            Integer target = m.getResource().getTarget() == null ? null : m.getResource().getTarget().getAverageUtilization();
            Integer value = now.stream().filter(s -> s.getResource() != null && resource.equals(s.getResource().getName()))
                    .map(s -> s.getResource().getCurrent() == null ? null : s.getResource().getCurrent().getAverageUtilization())
                    .filter(Objects::nonNull).findFirst().orElse(null);
            metrics.add(resource + " " + (value == null ? "?" : value + "%") + (target == null ? "" : " (target " + target + "%)"));
        }
        String scaled = spec.getScaleTargetRef().getKind() + "/" + spec.getScaleTargetRef().getName();
        return new K8sHpa(name, namespace, scaled, spec.getMinReplicas() == null ? 1 : spec.getMinReplicas(), max, current,
                desired, metrics, max > 0 && (desired >= max || current >= max));
    }

    private static Map<String, String> stringMap(Map<?, ?> m) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }
}
