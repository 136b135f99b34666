package dev.runbook.engine;

/** Where a step stands. */
public enum StepStatus {
    PENDING, RUNNING, OK, FAILED, SKIPPED,
    /** failed, and the run went on because of {@code continueOnFailure: true} */
    FAILED_CONTINUED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
