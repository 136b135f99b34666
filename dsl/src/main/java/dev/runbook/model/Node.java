package dev.runbook.model;

/** One item of the runbook's procedure, in the order written. */
public sealed interface Node permits Step, Manual, Confirm, Gate, Approval, Include {
    /** The name shown in plans, prompts and the journal. */
    String name();

    SourcePos pos();

    /** "step", "manual", "confirm", "gate", "approval" or "include". */
    String kind();
}
