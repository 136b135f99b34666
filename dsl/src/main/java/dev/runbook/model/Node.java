package dev.runbook.model;

/** One item of the runbook's procedure, in the order written. */
public sealed interface Node permits Step, Manual, Confirm, Gate, Approval {
    /** The name shown in plans, prompts and the journal. */
    String name();

    SourcePos pos();

    /** "step", "manual", "confirm", "gate" or "approval". */
    String kind();
}
