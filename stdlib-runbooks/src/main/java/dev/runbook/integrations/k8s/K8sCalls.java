package dev.runbook.integrations.k8s;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.integrations.support.CallJournal;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * Runs one k8s call against its cluster and journals it: the target names the object ("deployment/api in shop"),
 * the journal adds the namespace and API server, and a dry run skips calls that change anything.
 */
final class K8sCalls {
    private final IntegrationContext context;
    private final K8sSettings settings;

    K8sCalls(IntegrationContext context, K8sSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    IntegrationContext context() {
        return context;
    }

    /**
     * Runs {@code body} with the cluster and whether this is a dry run of a call that changes something.
     *
     * @param extra mutable: journal fields, which the body may add to
     */
    <T> T call(String action, String object, String namespace, boolean changes, Map<String, Object> extra,
               BiFunction<K8sCluster, Boolean, T> body) {
        CallJournal journal = new CallJournal(context, "k8s");
        // the body may add to extra (counts, revisions) until the call is journaled
        Map<String, Object> fields = extra;
        String target = object + (namespace == null ? "" : " in " + namespace);
        CallJournal.Body<T> work = () -> {
            K8sCluster cluster = K8sCluster.of(settings, context.environment(), namespace);
            fields.put("namespace", cluster.namespace());
            if (cluster.server() != null) fields.put("server", cluster.server());
            return body.apply(cluster, changes && context.dryRun());
        };
        if (!changes || !context.dryRun()) return journal.call(action, target, action, fields, work);
        // A dry run still reads (is the deployment there, does the revision exist?) but journals the call once, as dry-run.
        T result;
        try {
            result = work.run();
        } catch (Exception e) {
            return journal.call(action, target, action, fields, () -> { throw e; });
        }
        journal.dryRun(action, target, fields);
        return result;
    }
}
