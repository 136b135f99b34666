package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.model.Approval;
import dev.runbook.model.Severity;
import dev.runbook.model.Team;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a waiving severity (P0 by default: act now, tell the team after) lifts an approval. It lifts only what the
 * team file lets it ({@link Team.ApprovalRule#lifts}: one-approver rules, never a quorum or four eyes), and only
 * once the after-the-fact notice is delivered: with no notification target, or a failed delivery, the normal
 * approval is asked for and the journal ({@code approval.not-waived}) and the console say why. Anyone can type
 * {@code --severity P0}; what makes a waiver acceptable is that the team hears of it at once.
 */
final class Waivers {
    private final RunContext run;
    private final Team team;

    Waivers(RunContext run, Team team) {
        this.run = run;
        this.team = team;
    }

    /** The waiving rule that applies to {@code a} at the run's severity now; null when none does. */
    Team.ApprovalRule waiving(Approval a) {
        Severity runLevel = run.runInfo().getSeverity();
        Team.ApprovalRule r = team.rules().get(runLevel);
        if (r.waived()) return r;
        if (a.explicit()) return null;
        Team.ApprovalRule own = team.rules().get(a.level());
        return own.waived() ? own : null;
    }

    /**
     * Tries to waive {@code a}, whose normal need is {@code normal}. True: waived and journaled, the run goes on.
     * False: the normal approval is to be asked for ({@code approval.not-waived} says why, when a waiver was possible).
     */
    boolean tryWaive(Approval a, ApprovalDesk.Need normal, Map<String, Object> request) {
        Team.ApprovalRule rule = waiving(a);
        if (rule == null) return false;
        if (normal != null && !rule.lifts(a.level(), normal.roles(), normal.count())) {
            notWaived(a, rule, Team.ApprovalRule.needsSeveral(normal.roles(), normal.count())
                    ? rule.level() + " never waives an approval that needs " + normal.describe() + " (a quorum or four eyes)"
                    : "the team file's policy " + rule.level() + " waives only " + String.join(", ", rule.waives()));
            return false;
        }
        String notified;
        if (run.dryRun()) {
            notified = "dry run: nothing sent";
        } else {
            Delivery d = notifyWaiver(a, rule.level());
            if (!d.sent()) {
                notWaived(a, rule, "a waiver needs the team told at once, and " + d.what());
                return false;
            }
            notified = d.what();
        }
        request.put("needs", "nothing: waived");
        run.bus().emit(EventTypes.APPROVAL_REQUESTED, request);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("approval", a.name());
        d.put("why", "the policy waives approvals at " + rule.level());
        d.put("notified", notified);
        d.put("operator", run.runInfo().getOperator());
        run.bus().emit(EventTypes.APPROVAL_WAIVED, d);
        return true;
    }

    private void notWaived(Approval a, Team.ApprovalRule rule, String why) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("approval", a.name());
        d.put("severity", rule.level().name());
        d.put("why", why);
        run.bus().emit(EventTypes.APPROVAL_NOT_WAIVED, d);
    }

    /** Whether the after-the-fact notice went out: where it went, or why not. */
    record Delivery(boolean sent, String what) {}

    /** Tells the team that an approval was waived, through the notify integration (the test harness sees it too). */
    private Delivery notifyWaiver(Approval a, Severity level) {
        boolean slackConfigured = team.notifications().slackWebhookSecret() != null || run.environment().containsKey("SLACK_WEBHOOK");
        if (!slackConfigured) return new Delivery(false, "no notification target is configured (slack webhook: in the team file, or SLACK_WEBHOOK)");
        String text = "Runbook " + run.runbook().name() + " (run " + run.id() + "): approval waived (" + level
                + "), notify after. Operator: " + run.runInfo().getOperator() + ". " + a.name();
        StepScope scope = new StepScope(run, "approval", null, null);
        Object notifier = scope.integrationNamed("notify");
        if (notifier == null) return new Delivery(false, "the notify integration is not available");
        Object r = org.codehaus.groovy.runtime.InvokerHelper.invokeMethod(notifier, "slack",
                new Object[]{team.notifications().slackChannel(), text, null, false});
        Map<?, ?> m = r instanceof Map<?, ?> x ? x : Map.of();
        return Boolean.TRUE.equals(m.get("sent")) ? new Delivery(true, "slack")
                : new Delivery(false, "the Slack notice was not delivered: " + m.get("error"));
    }
}
