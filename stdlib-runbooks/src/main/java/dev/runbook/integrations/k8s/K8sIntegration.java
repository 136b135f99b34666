package dev.runbook.integrations.k8s;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.integrations.support.Instants;
import dev.runbook.integrations.support.NamedOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code k8s} inside a step: a deployment's rollouts ({@code k8s.deployment('api', ns: 'shop')}), pods, events,
 * logs and autoscalers. The cluster is the run's {@code KUBECONFIG} (or ~/.kube/config, or the pod's service account);
 * {@code k8s.cluster(context: 'prod-eu')} picks another.
 */
public final class K8sIntegration {
    private final IntegrationContext context;
    private final K8sSettings settings;

    K8sIntegration(IntegrationContext context, K8sSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    /** The same calls against another kubeconfig file or context: {@code k8s.cluster(context: 'prod-eu')}. */
    public K8sIntegration cluster(Map<String, Object> options) {
        NamedOptions o = NamedOptions.of("k8s.cluster", options, List.of("kubeconfig", "context"));
        return new K8sIntegration(context, new K8sSettings(o.string("kubeconfig", settings.kubeconfig()),
                o.string("context", settings.context())));
    }

    public K8sDeployment deployment(String name) {
        return deployment(Map.of(), name);
    }

    /** A handle on one deployment; nothing is read until one of its calls. */
    public K8sDeployment deployment(Map<String, Object> options, String name) {
        NamedOptions o = NamedOptions.of("k8s.deployment", options, List.of("ns"));
        return new K8sDeployment(new K8sCalls(context, settings), name, o.string("ns"));
    }

    public List<K8sPod> pods() {
        return pods(Map.of());
    }

    /** Pods of a namespace, by name; {@code selector:} a label selector ("app=api") or a map of labels. */
    public List<K8sPod> pods(Map<String, Object> options) {
        NamedOptions o = NamedOptions.of("k8s.pods", options, List.of("ns", "selector"));
        Object selector = o.raw("selector");
        Map<String, Object> extra = new LinkedHashMap<>();
        if (selector != null) extra.put("selector", String.valueOf(selector));
        return new K8sCalls(context, settings).call("pods", "pods", o.string("ns"), false, extra, (c, dry) -> {
            List<K8sPod> pods = c.reads().pods(selector);
            extra.put("count", pods.size());
            return pods;
        });
    }

    public List<K8sEvent> events() {
        return events(Map.of());
    }

    /**
     * Events of a namespace, oldest first. {@code since:} a duration back from now (15.minutes) or a moment;
     * {@code object:} only about that pod or deployment; {@code type:} 'Warning' or 'Normal'.
     */
    public List<K8sEvent> events(Map<String, Object> options) {
        NamedOptions o = NamedOptions.of("k8s.events", options, List.of("ns", "since", "object", "type"));
        Object since = o.raw("since");
        Instant from = since == null ? null : since instanceof Duration d ? context.clock().instant().minus(d)
                : Instants.of("k8s.events", "since", since);
        Map<String, Object> extra = new LinkedHashMap<>();
        if (from != null) extra.put("since", from.toString());
        return new K8sCalls(context, settings).call("events", "events", o.string("ns"), false, extra, (c, dry) -> {
            List<K8sEvent> events = c.reads().events(from, o.string("object"), o.string("type"));
            extra.put("count", events.size());
            return events;
        });
    }

    public K8sLogs logs(String target) {
        return logs(Map.of(), target);
    }

    /** Logs of {@code pod/NAME}, {@code deployment/NAME} (each of its pods) or a bare name; {@code tail:} lines, {@code container:}. */
    public K8sLogs logs(Map<String, Object> options, String target) {
        NamedOptions o = NamedOptions.of("k8s.logs", options, List.of("ns", "tail", "container"));
        Integer tail = o.integer("tail");
        return new K8sCalls(context, settings).call("logs", target, o.string("ns"), false, new LinkedHashMap<>(),
                (c, dry) -> c.reads().logs(target, tail, o.string("container")));
    }

    public K8sHpa hpa(String name) {
        return hpa(Map.of(), name);
    }

    /** A HorizontalPodAutoscaler: its bounds, current and desired replicas, metrics, and whether it is at its maximum. */
    public K8sHpa hpa(Map<String, Object> options, String name) {
        NamedOptions o = NamedOptions.of("k8s.hpa", options, List.of("ns"));
        return new K8sCalls(context, settings).call("hpa", "hpa/" + name, o.string("ns"), false, new LinkedHashMap<>(),
                (c, dry) -> c.reads().hpa(name));
    }
}
