package dev.runbook.integrations.docker;

import java.time.Instant;

/** One tag of {@code docker.images('repo')}: the candidates for a rollback, newest first. */
public record ImageTag(String repository, String tag, String id, Instant created, long sizeBytes) {
    /** {@code repository:tag}, what {@code rollbackTo} takes. */
    public String getReference() {
        return repository + ":" + tag;
    }

    @Override public String toString() {
        return getReference() + " (" + id + ", created " + created + ")";
    }
}
