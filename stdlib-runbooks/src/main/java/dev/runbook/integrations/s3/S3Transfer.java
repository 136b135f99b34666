package dev.runbook.integrations.s3;

import java.io.File;

/**
 * What a download, upload or version restore did.
 *
 * @param action    download, upload or restoreVersion
 * @param file      the local file (null for restoreVersion)
 * @param size      bytes moved; 0 in a dry run
 * @param versionId the version the store gave the written object (null when the bucket is not versioned, or for a
 *                  download: the version read)
 * @param dryRun    true when nothing was done because the run is a dry run
 */
public record S3Transfer(String action, String bucket, String key, File file, long size, String versionId, boolean dryRun)
        implements dev.runbook.engine.WouldBe {
    public String getUri() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public String toString() {
        String where = file == null ? getUri() : getUri() + (action.equals("upload") ? " ← " : " → ") + file;
        return action + " " + where + (dryRun ? " (dry run: not done)" : " (" + size + " bytes)");
    }
}
