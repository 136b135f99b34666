package dev.runbook.integrations.k8s;

import java.util.List;

/**
 * What {@code undo} did.
 *
 * @param toRevision the revision whose template the deployment now has
 * @param images     that revision's images
 * @param skipped    the deployment already had that template: nothing was changed
 * @param dryRun     nothing was changed because the run is a dry run
 */
public record K8sRollback(String deployment, String namespace, long fromRevision, long toRevision, List<String> images,
                          boolean skipped, boolean dryRun)
        implements dev.runbook.engine.WouldBe {
    @Override
    public String toString() {
        String what = "deployment " + namespace + "/" + deployment + " rolled back from revision " + fromRevision + " to " + toRevision
                + " (" + String.join(",", images) + ")";
        if (skipped) return "deployment " + namespace + "/" + deployment + " already has the template of revision " + toRevision + ": nothing to do";
        return dryRun ? what + " — dry run: not done" : what;
    }
}
