package dev.runbook.model;

import java.time.Duration;
import java.util.List;

/**
 * A point where the run waits for approvers.
 *
 * @param level  the severity whose policy rule applies ({@code requireApproval P1}); null when explicit
 * @param roles  explicit: the roles needed (one approver per role when several; empty: any member)
 * @param count  explicit: how many distinct approvers
 * @param within null: wait as long as it takes
 * @param when   {@code when: { ... }} of a top-level approval: false skips it (null: always asked)
 */
public record Approval(String name, Severity level, List<String> roles, int count, String reason, Duration within,
                       SourcePos pos, Action when) implements Node {
    /** Asked whenever its turn comes (inside a step, or with no {@code when:}). */
    public Approval(String name, Severity level, List<String> roles, int count, String reason, Duration within, SourcePos pos) {
        this(name, level, roles, count, reason, within, pos, null);
    }

    public Approval {
        roles = List.copyOf(roles);
        reason = reason == null ? "" : reason;
    }

    public boolean explicit() {
        return level == null;
    }

    @Override
    public String kind() {
        return "approval";
    }
}
