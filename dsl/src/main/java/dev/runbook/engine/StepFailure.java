package dev.runbook.engine;

/** Why an attempt failed, in words for the operator; thrown inside steps by {@code sh}, {@code fail} and the engine. */
public class StepFailure extends RuntimeException {
    public enum Kind {
        /** the body threw or a command failed: retried while attempts remain */
        ERROR,
        /** the step's time ran out: retried while attempts remain */
        TIMEOUT,
        /** Ctrl-C or a declined prompt: never retried */
        ABORTED,
        /** the runbook filled the tool's heap ({@link OutOfMemory}): never retried, the run fails, the CLI exits 4 */
        MEMORY
    }

    private final Kind kind;

    public StepFailure(String message, Kind kind) {
        this(message, kind, false);
    }

    /**
     * A failure in words for what {@code cause} was: the operator reads the message; {@code trace} at the REPL shows
     * the cause's stack.
     */
    public StepFailure(String message, Kind kind, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    /** @param locatable keep the stack, so the engine can prefix the runbook line that caused it */
    StepFailure(String message, Kind kind, boolean locatable) {
        super(message, null, false, locatable);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
