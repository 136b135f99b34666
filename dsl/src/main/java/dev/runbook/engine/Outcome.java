package dev.runbook.engine;

/** How a run ended, and the exit code the CLI returns for it. */
public enum Outcome {
    SUCCEEDED(0), FAILED(1), ABORTED(3);

    private final int exitCode;

    Outcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
