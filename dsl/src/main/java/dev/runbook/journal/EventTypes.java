package dev.runbook.journal;

/** The event types a run journals, in the order they usually appear. */
public final class EventTypes {
    private EventTypes() {}

    public static final String RUN_STARTED = "run.started";
    public static final String STEP_STARTED = "step.started";
    public static final String STEP_OUTPUT = "step.output";
    /** Between a command's journaled head and tail: {@code linesCut}, {@code bytesCut}, {@code file} (the whole output). */
    public static final String STEP_OUTPUT_CUT = "step.output.cut";
    public static final String STEP_LOG = "step.log";
    public static final String COMMAND_STARTED = "command.started";
    public static final String COMMAND_FINISHED = "command.finished";
    public static final String STEP_OVERDUE = "step.overdue";
    public static final String ATTEMPT_FAILED = "step.attempt.failed";
    public static final String STEP_FINISHED = "step.finished";
    public static final String STEP_SKIPPED = "step.skipped";
    public static final String OPERATOR_ASKED = "operator.asked";
    public static final String OPERATOR_ANSWERED = "operator.answered";
    public static final String OPERATOR_INTERRUPT = "operator.interrupt";
    /** What a second Ctrl-C does ({@code action} of the second, {@code again} of the first): the CLI exits (exec, resume). */
    public static final String INTERRUPT_EXIT = "exit now";
    /** What a second Ctrl-C does where the caller stays up (the REPL): the failure path goes on, its commands killed. */
    public static final String INTERRUPT_KILL_ALL = "kill every command of the run";
    /** What a first Ctrl-C does where the operator steps by hand (the REPL): the node stops, no handler runs, the prompt comes back. */
    public static final String INTERRUPT_TO_PROMPT = "stop the current step, back to the prompt";
    public static final String HANDLER_STARTED = "handler.started";
    public static final String HANDLER_FINISHED = "handler.finished";
    public static final String GATE_POLL = "gate.poll";
    /** not journaled: live progress for the console while a gate waits */
    public static final String GATE_PROGRESS = "gate.progress";
    /**
     * The run's severity was declared on the command line ({@code --severity P0}: {@code severity}, {@code by} the
     * operator, {@code osUser}, {@code runbookSeverity}): declaring an incident urgent is a decision someone made.
     */
    public static final String SEVERITY_DECLARED = "severity.declared";
    /** A step set the run's severity ({@code run.severity = P1}): {@code from}, {@code severity}, {@code step}, {@code operator}. */
    public static final String SEVERITY_CHANGED = "severity.changed";
    public static final String APPROVAL_REQUESTED = "approval.requested";
    public static final String APPROVAL_GRANTED = "approval.granted";
    public static final String APPROVAL_REFUSED = "approval.refused";
    public static final String APPROVAL_DENIED = "approval.denied";
    public static final String APPROVAL_WAIVED = "approval.waived";
    /**
     * Someone who could not approve said no ({@code runbook approve --deny} from a person the rule does not count):
     * journaled and shown to the approvers, and the run keeps waiting. {@code by}, {@code reason}, {@code why} it
     * does not count, {@code ref}.
     */
    public static final String APPROVAL_OBJECTED = "approval.objected";
    /**
     * A waiver the policy allows did not apply: {@code why} (no notification target, or it was not delivered); the
     * normal approval is asked for instead.
     */
    public static final String APPROVAL_NOT_WAIVED = "approval.not-waived";
    public static final String APPROVAL_SATISFIED = "approval.satisfied";
    public static final String INTEGRATION_CALL = "integration.call";
    /** an include started its sub-run: which runbook, its run id and folder (under this run's), the params given */
    public static final String INCLUDE_STARTED = "include.started";
    /** the operator typed a command at the REPL that changes the run (next, skip, set, goto...) */
    public static final String REPL_COMMAND = "repl.command";
    /** the operator evaluated a line of Groovy at the REPL, in the run's context */
    public static final String REPL_EVAL = "repl.eval";
    /** a forEach began: step, targets (count), concurrency, maxErrors, timeoutMs */
    public static final String FANOUT_STARTED = "fanout.started";
    /** not journaled: live progress for the console when a target is launched */
    public static final String FANOUT_LAUNCHED = "fanout.launched";
    /** one target of a forEach finished: step, target, index, status (ok/failed), ms, error */
    public static final String FANOUT_TARGET = "fanout.target";
    /** a forEach ended: counts, durationMs, the slowest target, the first failures, why targets were not launched */
    public static final String FANOUT_FINISHED = "fanout.finished";
    public static final String RUN_FINISHED = "run.finished";
    /** The process was told to end (SIGTERM, SIGHUP): the run's commands were killed; the journal ends here. */
    public static final String RUN_TERMINATED = "run.terminated";
}
