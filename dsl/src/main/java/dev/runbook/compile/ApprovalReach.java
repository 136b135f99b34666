package dev.runbook.compile;

import dev.runbook.diag.Problems;
import dev.runbook.model.Approval;
import dev.runbook.model.Node;
import dev.runbook.model.Runbook;
import dev.runbook.model.Team;

/**
 * Refuses a runbook whose explicit {@code requireApproval role:/count:} the team's roster can never satisfy
 * ({@code count: 3} with two eligible people): it was accepted and the run waited forever. Checked by
 * {@code runbook check} and before a run opens (exec, resume, the REPL), with the team file that governs the run.
 * A point naming a severity ({@code requireApproval P1}) follows the team file's policy, which the team file's own
 * check holds to the same rule.
 */
public final class ApprovalReach {
    private ApprovalReach() {}

    /** @throws dev.runbook.diag.RunbookProblemsException one problem per approval point that can never be met */
    public static void check(Runbook runbook, Team team) {
        Problems problems = new Problems();
        for (Node n : runbook.nodes()) {
            if (!(n instanceof Approval a) || !a.explicit()) continue;
            String why = team.shortOfApprovers(a.roles(), a.count());
            if (why != null) {
                problems.add(a.pos(), "requireApproval can never be met: " + why,
                        "lower count: to what the team can give, or add people to the team file");
            }
        }
        problems.throwIfAny();
    }
}
