package dev.runbook.integrations.s3;

import java.time.Instant;

/**
 * One version of an object in a versioned bucket.
 *
 * @param latest       the current version
 * @param deleteMarker the version records a deletion, not content
 */
public record S3Version(String bucket, String key, String versionId, Instant lastModified, long size, boolean latest,
                        boolean deleteMarker) {
    @Override
    public String toString() {
        return versionId + " " + lastModified + (deleteMarker ? " (delete marker)" : " " + size + " bytes") + (latest ? " current" : "");
    }
}
