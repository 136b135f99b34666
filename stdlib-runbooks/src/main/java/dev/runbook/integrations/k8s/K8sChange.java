package dev.runbook.integrations.k8s;

/**
 * What {@code scale}, {@code restart} or {@code image} changed.
 *
 * @param action scale, restart or image
 * @param before the value before (replicas, image), or null
 * @param after  the value after
 * @param dryRun nothing was changed because the run is a dry run
 */
public record K8sChange(String deployment, String namespace, String action, String before, String after, boolean dryRun)
        implements dev.runbook.engine.WouldBe {
    @Override
    public String toString() {
        String what = action + " of deployment " + namespace + "/" + deployment + (before == null ? "" : ": " + before + " → " + after);
        return dryRun ? what + " — dry run: not done" : what;
    }
}
