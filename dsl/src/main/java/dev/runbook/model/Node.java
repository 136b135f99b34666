package dev.runbook.model;

/** One item of the runbook's procedure, in the order written. */
public sealed interface Node permits Step, Manual, Confirm, Gate, Approval, Include, Parallel, ForEach {
    /** The name shown in plans, prompts and the journal. */
    String name();

    SourcePos pos();

    /** "step", "manual", "confirm", "gate", "approval", "include", "parallel" or "forEach". */
    String kind();

    /**
     * Whether {@code resume} may run this node again without asking when the run stopped while it ran: waiting or
     * asking again is harmless; a step (or fan-out) is only when declared {@code idempotent: true}.
     */
    default boolean safeToRunAgain() {
        return true;
    }
}
