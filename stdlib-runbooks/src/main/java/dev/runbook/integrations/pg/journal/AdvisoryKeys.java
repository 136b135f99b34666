package dev.runbook.integrations.pg.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 64-bit keys of PostgreSQL advisory locks: the first 8 bytes of SHA-256 of a prefixed name, the same in every
 * runbook process, and apart from keys other software takes (the prefix).
 */
final class AdvisoryKeys {
    private AdvisoryKeys() {}

    /** A target lock: {@code lock "db:orders"}. */
    static long target(String key) {
        return hash("runbook-lock:" + key);
    }

    /** Held by the process that writes a run, for as long as it runs: tells others the run is alive. */
    static long run(String runId) {
        return hash("runbook-run:" + runId);
    }

    private static long hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
