package dev.runbook.integrations.docker;

/** Engine ids as people read them: the first 12 hex digits, without the "sha256:" prefix. */
final class Ids {
    private Ids() {}

    static String shortId(String id) {
        if (id == null) return null;
        String bare = id.startsWith("sha256:") ? id.substring(7) : id;
        return bare.length() > 12 ? bare.substring(0, 12) : bare;
    }
}
