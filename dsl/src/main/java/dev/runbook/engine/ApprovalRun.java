package dev.runbook.engine;

import dev.runbook.model.Approval;

/**
 * A top-level {@code requireApproval}: waits, on a worker, until the approvals the run's policy asks for are given
 * (or waived, or denied, or the window closes). The policy and the waiting are the {@link ApprovalDesk}'s. A false
 * {@code when:} skips it, journaled as skipped.
 */
final class ApprovalRun implements NodeRunner<Approval> {
    private final RunContext run;
    private final OnceNode once;

    ApprovalRun(RunContext run, OnceNode once) {
        this.run = run;
        this.once = once;
    }

    @Override
    public boolean run(Approval approval, int index) {
        if (approval.when() != null) {
            Boolean go = run.conditions.when(approval.when(), approval.name(), index, null);
            if (go == null) return false;
            if (!go) return true;
        }
        return once.run(approval, index, () -> run.workers.run(approval.name(), null, null, p -> {
            run.approvals.await(approval, null);
            return null;
        }));
    }
}
