package dev.runbook.integrations.s3;

import java.time.Instant;

/**
 * One object of a listing.
 *
 * @param time       when the object was taken: the timestamp in its key when it has one (a backup re-uploaded later
 *                   keeps the time it was taken), otherwise {@code lastModified}
 * @param timeSource "key" or "lastModified": where {@code time} came from
 */
public record S3ObjectInfo(String bucket, String key, long size, Instant lastModified, Instant time, String timeSource,
                           String etag) {
    /** {@code s3://bucket/key}, as operators paste it. */
    public String getUri() {
        return "s3://" + bucket + "/" + key;
    }

    /** The last part of the key: the file name. */
    public String getName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return getUri() + " (" + size + " bytes, " + time + ")";
    }
}
