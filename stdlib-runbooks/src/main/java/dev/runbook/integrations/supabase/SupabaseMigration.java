package dev.runbook.integrations.supabase;

/**
 * One row of {@code supabase migration list}: a migration version as the project folder and the database know it.
 *
 * @param local  the version in {@code supabase/migrations}, or null
 * @param remote the version recorded in the database, or null
 * @param time   the version's time, as the CLI shows it (UTC)
 */
public record SupabaseMigration(String local, String remote, String time) {
    public String getVersion() {
        return local != null ? local : remote;
    }

    public boolean isApplied() {
        return remote != null;
    }

    /** {@code applied}, {@code pending} (only in the folder) or {@code remote only} (only in the database). */
    public String getStatus() {
        if (local != null && remote != null) return "applied";
        return local != null ? "pending" : "remote only";
    }
}
