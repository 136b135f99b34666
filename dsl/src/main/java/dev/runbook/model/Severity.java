package dev.runbook.model;

/** Incident severity, most urgent first. The run's severity decides which approvals apply. */
public enum Severity {
    P0, P1, P2, P3;

    /** Parses "P1" or "p1"; returns null when the text is not a severity. */
    public static Severity parse(String text) {
        if (text == null) return null;
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
