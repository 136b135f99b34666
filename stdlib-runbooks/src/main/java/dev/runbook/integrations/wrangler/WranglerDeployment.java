package dev.runbook.integrations.wrangler;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One deployment of a Cloudflare Worker, from {@code wrangler deployments list --json}: which versions served
 * traffic, and in which shares.
 *
 * @param source  {@code wrangler}, {@code api}, {@code dash} ...
 * @param message the deployment's {@code workers/message} annotation, if any
 */
public record WranglerDeployment(String id, Instant createdOn, String author, String source, String message,
                                 List<VersionShare> versions) {
    /** A version and the percentage of traffic it got. */
    public record VersionShare(String versionId, double percentage) {}

    public WranglerDeployment {
        versions = List.copyOf(versions);
    }

    /** The version with the largest share: the one a rollback to this deployment means. */
    public String getVersionId() {
        return versions.stream().max(Comparator.comparingDouble(VersionShare::percentage)).map(VersionShare::versionId).orElse(null);
    }
}
