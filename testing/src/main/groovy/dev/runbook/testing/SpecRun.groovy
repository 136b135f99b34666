package dev.runbook.testing

import dev.runbook.engine.Outcome
import dev.runbook.engine.RunResult
import dev.runbook.engine.StepResult
import dev.runbook.journal.Event
import dev.runbook.journal.EventTypes

/**
 * What one {@code run(...)} in a spec did: the outcome, each step's status and attempts, the handlers that ran,
 * the approvals asked, the notifications sent, the calls made, and the journal.
 * <pre>
 * result.succeeded
 * result.failedStep == 'Roll back image'
 * result.step('Roll back image').attempts == 3
 * result.handlers == ["onFailure of 'Roll back image'", 'onFailure', 'always']
 * </pre>
 */
class SpecRun {
    final RunResult result
    final List<Event> journal
    final List<FakeNotify.Sent> notifications
    final List<CallLog.Call> calls

    SpecRun(RunResult result, List<Event> journal, List<FakeNotify.Sent> notifications, List<CallLog.Call> calls) {
        this.result = result
        this.journal = List.copyOf(journal)
        this.notifications = List.copyOf(notifications)
        this.calls = List.copyOf(calls)
    }

    /** succeeded, failed or aborted */
    String getOutcome() { result.outcome().label() }

    boolean isSucceeded() { result.outcome() == Outcome.SUCCEEDED }

    boolean isFailed() { result.outcome() == Outcome.FAILED }

    boolean isAborted() { result.outcome() == Outcome.ABORTED }

    /** The exit code {@code runbook exec} would give. */
    int getExitCode() { result.exitCode() }

    /** The step the run failed at, or null. */
    String getFailedStep() { result.failure()?.step }

    /** Why it failed, or null. */
    String getFailure() { result.failure()?.message }

    /** Each step that ran or was skipped, by name. */
    Map<String, StepResult> getSteps() { result.steps() }

    StepResult step(String name) {
        StepResult r = result.steps()[name]
        assert r != null: "no step '$name' ran or was skipped; steps: ${result.steps().keySet()}"
        r
    }

    /** The steps in the order they ran, with their status: ['Capture evidence': 'ok', ...]. */
    Map<String, String> getStatuses() { result.steps().collectEntries { k, v -> [(k): v.status] } }

    /**
     * The handlers that ran, in order: {@code onFailure of 'STEP'}, {@code onFailure}, {@code always}; those of an
     * included runbook where its include ran, named with the include: {@code onFailure in 'Triage'},
     * {@code onFailure of 'Read the signals' in 'Triage'}.
     */
    List<String> getHandlers() { HandlerRuns.of(journal, result.runDir())*.label }

    /**
     * How each handler that ran ended, in order: {@code ["onFailure of 'Restore'": 'ok', 'onFailure': 'failed']};
     * a handler that failed itself (its command failed, it threw) is 'failed': it did not do its job.
     */
    Map<String, String> getHandlerOutcomes() {
        HandlerRuns.of(journal, result.runDir()).collectEntries { [(it.label): it.status] }
    }

    /** The approvals asked (their names), granted (who), and waived. */
    List<String> getApprovalsAsked() { events(EventTypes.APPROVAL_REQUESTED).collect { String.valueOf(it.data().approval) } }

    List<String> getApprovedBy() { events(EventTypes.APPROVAL_GRANTED).collect { String.valueOf(it.data().by) } }

    /** Who denied an approval (the run stopped, aborted), and who objected (not entitled to deny: the run kept waiting). */
    List<String> getDeniedBy() { events(EventTypes.APPROVAL_DENIED).collect { String.valueOf(it.data().by) } }

    List<String> getObjectedBy() { events(EventTypes.APPROVAL_OBJECTED).collect { String.valueOf(it.data().by) } }

    List<String> getApprovalsWaived() { events(EventTypes.APPROVAL_WAIVED).collect { String.valueOf(it.data().approval) } }

    /** Each gate that was polled, and whether it passed in the end: ['gate health': true]. */
    Map<String, Boolean> getGates() {
        Map<String, Boolean> gates = [:]
        events(EventTypes.GATE_POLL).each { e ->
            String name = String.valueOf(e.data().gate)
            gates[name] = result.steps()[name]?.ok ?: false
        }
        gates
    }

    /** The lines the runbook wrote with {@code log}, in steps and handlers, in order: {@code result.logs.any { it.contains('revision 3') }}. */
    List<String> getLogs() { events(EventTypes.STEP_LOG).collect { String.valueOf(it.data().text) } }

    List<Event> events(String type) { journal.findAll { it.type() == type } }

    String toString() {
        "run $outcome" + (failedStep ? " at '$failedStep': $failure" : '') + "; steps $statuses"
    }
}
