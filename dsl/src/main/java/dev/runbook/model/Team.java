package dev.runbook.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The team file ({@code runbook.team.groovy}): who may approve, what each severity needs, where notifications go.
 *
 * @param source  the file, or "built-in default"
 * @param members empty: no roster (approvers declare their role; nobody is "unknown")
 * @param journal where the team's runs are journaled ({@code journal 'jdbc:postgresql://…'}); null: the default folder
 */
public record Team(String source, List<Member> members, Map<Severity, ApprovalRule> rules, NotifySettings notifications,
                   String journal, boolean identityRequired, Identity serve) {
    /**
     * A team with no {@code serve} binding: no decision from {@code runbook serve} (a page's approve button) counts
     * as verified.
     */
    public Team(String source, List<Member> members, Map<Severity, ApprovalRule> rules, NotifySettings notifications,
                String journal, boolean identityRequired) {
        this(source, members, rules, notifications, journal, identityRequired, null);
    }

    /** A team with no journal setting. */
    public Team(String source, List<Member> members, Map<Severity, ApprovalRule> rules, NotifySettings notifications) {
        this(source, members, rules, notifications, null, false);
    }

    public Team(String source, List<Member> members, Map<Severity, ApprovalRule> rules, NotifySettings notifications, String journal) {
        this(source, members, rules, notifications, journal, false);
    }

    public Team {
        members = List.copyOf(members);
        EnumMap<Severity, ApprovalRule> all = new EnumMap<>(Severity.class);
        all.putAll(DEFAULT_RULES);
        all.putAll(rules);
        rules = java.util.Collections.unmodifiableMap(all);
    }

    /**
     * Why an approval point needing {@code count} distinct approvers holding {@code roles} (empty: any member; several:
     * one per role) can never be satisfied by this team's roster, in words with the team's numbers; null when it can,
     * or when there is no roster (approvers then declare their roles). Such a point waited forever.
     */
    public String shortOfApprovers(List<String> roles, int count) {
        if (members.isEmpty()) return null;
        for (String role : roles) {
            if (members.stream().noneMatch(m -> m.roles().contains(role))) {
                return "nobody in the team file " + source + " has the role '" + role + "' (its roles: "
                        + String.join(", ", members.stream().flatMap(m -> m.roles().stream()).distinct().toList()) + ")";
            }
        }
        List<String> who = members.stream().filter(m -> roles.isEmpty() || m.roles().stream().anyMatch(roles::contains))
                .map(Member::name).toList();
        if (who.size() >= count) return null;
        String holding = roles.isEmpty() ? "" : " with the role" + (roles.size() > 1 ? "s " : " ") + "'" + String.join("' or '", roles) + "'";
        return count + " distinct approvers" + holding + " are needed, and the team file " + source + " has " + who.size()
                + (who.isEmpty() ? "" : " (" + String.join(", ", who) + ")");
    }

    /**
     * One approver: a name, the roles they hold, and how their approvals are verified ({@link Identity#NONE}: a
     * name typed by whoever approves, shown as "claimed, unverified").
     */
    public record Member(String name, List<String> roles, Identity identity) {
        public Member {
            roles = List.copyOf(roles);
            identity = identity == null ? Identity.NONE : identity;
        }

        public Member(String name, List<String> roles) {
            this(name, roles, Identity.NONE);
        }
    }

    /**
     * What binds a member's name to something that can be checked: an SSH public key their approvals are signed
     * with ({@code key:}), the OS user who sends them on this machine ({@code login:}), the PostgreSQL role of a
     * shared journal's session ({@code dbRole:}). Nulls where not bound. {@code email:} is the address the team's
     * single sign-on proxy vouches for in front of {@code runbook serve}: not a binding the run can check by itself,
     * it counts only in a decision the team's {@code serve} binding sent.
     */
    public record Identity(String key, String login, String dbRole, String email) {
        public static final Identity NONE = new Identity(null, null, null, null);

        public Identity(String key, String login, String dbRole) {
            this(key, login, dbRole, null);
        }

        public boolean bound() {
            return key != null || login != null || dbRole != null;
        }

        /** "SSH key", "login root", … for messages. */
        public String describe() {
            List<String> ways = new java.util.ArrayList<>();
            if (key != null) ways.add("SSH key");
            if (login != null) ways.add("login " + login);
            if (dbRole != null) ways.add("database role " + dbRole);
            return String.join(" or ", ways);
        }
    }

    /**
     * What a severity needs: nothing ({@code waived}, recorded and notified after), or {@code count} distinct
     * approvers holding {@code roles} (several roles: one approver per role).
     */
    public record ApprovalRule(Severity level, boolean waived, List<String> roles, int count, List<String> waives) {
        public ApprovalRule {
            roles = List.copyOf(roles);
            waives = waives == null ? null : List.copyOf(waives);
        }

        /** A waived rule waives every one-approver rule; any other rule waives nothing. */
        public ApprovalRule(Severity level, boolean waived, List<String> roles, int count) {
            this(level, waived, roles, count, null);
        }

        /** Needs two people or more (a quorum, or one of each of several roles: four eyes). No waiver ever lifts it. */
        public static boolean needsSeveral(List<String> roles, int count) {
            return count > 1 || roles.size() > 1;
        }

        /**
         * Whether this (waived) rule lifts an approval that would need {@code roles} × {@code count}: never a
         * quorum or four-eyes rule; with {@code waives:} only the levels ({@code level}) and roles it names.
         *
         * @param level the severity whose rule the approval follows; null for an explicit {@code requireApproval role:}
         */
        public boolean lifts(Severity level, List<String> roles, int count) {
            if (!waived || needsSeveral(roles, count)) return false;
            if (waives == null) return true;
            return level != null ? waives.contains(level.name()) : roles.stream().anyMatch(waives::contains);
        }

        public String describe() {
            if (waived) return "none (waived at " + level + " for one-approver rules, once the team is notified)";
            if (roles.isEmpty()) return count == 1 ? "one approver" : count + " approvers";
            if (roles.size() > 1) return "one " + String.join(" and one ", roles);
            return (count == 1 ? "one " : count + " × ") + roles.get(0);
        }
    }

    /**
     * Names of the environment variables (secrets) that hold webhook URLs and keys, and default targets.
     * Nulls where not configured.
     */
    public record NotifySettings(String slackWebhookSecret, String slackChannel, String pagerdutyKeySecret, String pagerdutyUrl) {
        public static final NotifySettings NONE = new NotifySettings(null, null, null, null);
    }

    public static final Map<Severity, ApprovalRule> DEFAULT_RULES = Map.of(
            Severity.P0, new ApprovalRule(Severity.P0, true, List.of(), 0),
            Severity.P1, new ApprovalRule(Severity.P1, false, List.of("lead"), 1),
            Severity.P2, new ApprovalRule(Severity.P2, false, List.of("manager"), 1),
            Severity.P3, new ApprovalRule(Severity.P3, false, List.of("manager"), 1));

    /** The policy of DSL.md when there is no team file: P0 waived, P1 one lead, P2 and P3 one manager. */
    public static Team defaults() {
        return new Team("built-in default", List.of(), Map.of(), NotifySettings.NONE);
    }

    public boolean hasRoster() {
        return !members.isEmpty();
    }

    /** The member of this name; names compare case-insensitively (Root is root, and may not approve root's run). */
    public Optional<Member> member(String name) {
        return members.stream().filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The member whose {@code email:} this is (addresses compare case-insensitively). */
    public Optional<Member> memberByEmail(String email) {
        if (email == null || email.isBlank()) return Optional.empty();
        return members.stream().filter(m -> email.strip().equalsIgnoreCase(m.identity().email())).findFirst();
    }
}
