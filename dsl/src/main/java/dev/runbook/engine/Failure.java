package dev.runbook.engine;

/** What a failure handler receives: {@code failure.step}, {@code failure.message}. */
public final class Failure {
    private final String step;
    private final String message;
    private final String kind;
    private final int attempts;

    public Failure(String step, String message, String kind, int attempts) {
        this.step = step;
        this.message = message;
        this.kind = kind;
        this.attempts = attempts;
    }

    /** The name of the step that failed. */
    public String getStep() { return step; }
    /** What went wrong, secrets redacted. */
    public String getMessage() { return message; }
    /** "error", "timeout", "aborted" or "memory" (the runbook filled the tool's heap). */
    public String getKind() { return kind; }
    public int getAttempts() { return attempts; }

    @Override
    public String toString() { return step + ": " + message; }
}
