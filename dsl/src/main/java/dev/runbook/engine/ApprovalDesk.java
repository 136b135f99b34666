package dev.runbook.engine;

import dev.runbook.journal.ApprovalInbox;
import dev.runbook.journal.EventTypes;
import dev.runbook.lang.Durations;
import dev.runbook.model.Approval;
import dev.runbook.model.Severity;
import dev.runbook.model.Team;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Waits at an approval point until the policy is satisfied. Approvals come from three sources, all checked the
 * same way (member of the team, right role, not the run's operator) and all journaled with who, role, source and
 * when: {@code --approved-by} given at start ("flag"), the interactive prompt ("verbal", recorded by the
 * operator), and {@code runbook approve RUN} from another terminal or machine, which sends a decision to the run's
 * {@link ApprovalInbox} in its store: a file in the run's {@code approvals/} folder, or a row and a NOTIFY in a
 * PostgreSQL journal ("journal"). A denial stops the run only from someone who could approve; anyone else's is an
 * objection, journaled, and the run keeps waiting. What a waiving severity lifts is the {@link Waivers}' to decide.
 */
final class ApprovalDesk {

    private final RunContext run;
    private final Team team;
    private final List<String> preApproved;
    private final Operator operator;
    private final Set<String> seenFiles = new HashSet<>();
    private ApprovalInbox inbox;
    private final Waivers waivers;
    /** Issued with each request and journaled: a decision from another terminal must carry it (no replays). */
    private String nonce = "";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    /** The OS user this run runs as: verified by the OS, unlike {@code --operator}. */
    private static final String RUNNING_USER = System.getProperty("user.name", "");

    ApprovalDesk(RunContext run, Team team, List<String> preApproved, Operator operator) {
        this.run = run;
        this.team = team;
        this.preApproved = List.copyOf(preApproved);
        this.operator = operator;
        this.waivers = new Waivers(run, team);
    }

    private final Map<String, List<Grant>> restored = new LinkedHashMap<>();

    /** A resumed run: approvers the journal already granted count again, and decisions already read stay read. */
    void restore(Map<String, List<Map<String, Object>>> granted, Set<String> seenInboxFiles) {
        granted.forEach((approval, list) -> {
            List<Grant> gs = new ArrayList<>();
            for (Map<String, Object> g : list) {
                List<String> roles = g.get("roles") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
                gs.add(new Grant(String.valueOf(g.get("by")), roles));
            }
            restored.put(approval, gs);
        });
        seenFiles.addAll(seenInboxFiles);
    }

    /**
     * What is needed at this point, given the run's severity, were nothing waived ({@link Waivers} decides that):
     * the rule of the approval's level or of the run's when the run is more urgent; a waiving rule there gives way
     * to the next less urgent rule that names approvers (at P0, P1's: what a P1 run would need, as a more urgent run
     * always replaces a less urgent rule). Null only when the team file waives every level.
     */
    record Need(String describe, List<String> roles, int count, Severity level) {}

    Need need(Approval a) {
        if (a.explicit()) {
            String d = a.roles().isEmpty() ? a.count() + " approvers"
                    : a.roles().size() > 1 ? "one " + String.join(" and one ", a.roles())
                    : (a.count() == 1 ? "one " : a.count() + " × ") + a.roles().get(0);
            return new Need(d, a.roles(), a.count(), null);
        }
        Severity runLevel = run.runInfo().getSeverity();
        Severity effective = a.level().ordinal() < runLevel.ordinal() ? a.level() : runLevel;
        for (int i = effective.ordinal(); i < Severity.values().length; i++) {
            Team.ApprovalRule rule = team.rules().get(Severity.values()[i]);
            if (!rule.waived()) return new Need(rule.describe() + " (" + rule.level() + ")", rule.roles(), rule.count(), rule.level());
        }
        return null;
    }

    void await(Approval a, String step) {
        Need need = need(a);
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("approval", a.name());
        if (step != null) req.put("step", step);
        req.put("runSeverity", run.runInfo().getSeverity().name());
        if (a.level() != null) req.put("level", a.level().name());
        req.put("needs", need == null ? "nothing: waived" : need.describe());
        if (!a.reason().isEmpty()) req.put("reason", a.reason());
        req.put("team", team.source());
        req.put("run", run.id());
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        nonce = java.util.HexFormat.of().formatHex(bytes);
        req.put("nonce", nonce);
        if (waivers.tryWaive(a, need, req)) return;
        if (need == null) need = new Need("one approver", List.of(), 1, null); // nothing waived it: someone must
        req.put("needs", need.describe());
        run.bus().emit(EventTypes.APPROVAL_REQUESTED, req);
        if (run.dryRun()) {
            run.bus().emit(EventTypes.APPROVAL_WAIVED, Map.of("approval", a.name(), "why", "dry run: no approval is asked"));
            return;
        }
        if (inbox == null) inbox = run.store().inbox(run.id());
        List<Grant> grants = new ArrayList<>(restored.getOrDefault(a.name(), List.of()));
        List<String> restoredNames = grants.stream().map(Grant::name).toList();
        List<String> refusedFlags = new ArrayList<>();
        for (String name : preApproved) {
            String[] parts = name.split(":", 2);
            String refusal = consider(a, need, grants, parts[0].strip(), parts.length > 1 ? parts[1].strip() : null, "flag", null,
                    run.runInfo().getOperator(), IdentityCheck.ofClaim(team, parts[0].strip(), "flag"));
            if (refusal != null) refusedFlags.add(refusal);
        }
        boolean attended = operator.interactive() && !operator.source().equals("--yes");
        if (!attended && !refusedFlags.isEmpty() && !satisfied(need, grants)) {
            // nobody at a terminal can name another approver: waiting until within: would only hide the mistake
            throw new StepFailure("--approved-by refused: " + String.join("; ", refusedFlags) + " (" + a.name() + " needs "
                    + need.describe() + ")", StepFailure.Kind.ABORTED);
        }
        long start = run.clock().millis();
        int seen = run.interruptCount();
        while (!satisfied(need, grants)) {
            if (run.interruptCount() > seen) throw new StepFailure("stopped by " + run.stoppedBy() + " while waiting for approval", StepFailure.Kind.ABORTED);
            if (a.within() != null && run.clock().millis() - start >= a.within().toMillis()) {
                throw new StepFailure("no approval within " + Durations.format(a.within()) + " (needed " + need.describe() + ", got "
                        + grants.size() + ")", StepFailure.Kind.ERROR);
            }
            if (checkInbox(a, need, grants)) continue;
            if (attended) {
                String line = operator.askLine("approver for " + a.name() + " (" + need.describe() + "): name, 'NAME ROLE', or 'deny REASON' — "
                        + "or approve from another terminal: runbook approve " + run.id() + " --as NAME",
                        () -> hasNewInboxFiles() || run.interruptCount() > seen || timedOut(a, start));
                if (line != null) verbal(a, need, grants, line.strip());
            } else {
                try {
                    run.clock().sleep(Duration.ofMillis(200), () -> run.interruptCount() > seen || hasNewInboxFiles());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StepFailure("interrupted while waiting for approval", StepFailure.Kind.ABORTED);
                }
            }
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("approval", a.name());
        ok.put("by", grants.stream().map(Grant::name).toList());
        if (!restoredNames.isEmpty()) ok.put("restored", restoredNames);
        run.bus().emit(EventTypes.APPROVAL_SATISFIED, ok);
    }

    private boolean timedOut(Approval a, long start) {
        return a.within() != null && run.clock().millis() - start >= a.within().toMillis();
    }

    private void verbal(Approval a, Need need, List<Grant> grants, String line) {
        if (line.isEmpty()) return;
        if (line.equals("deny") || line.startsWith("deny ")) { // a word of its own: an approver may be called Denys
            String reason = line.substring(4).strip();
            deny(a, run.runInfo().getOperator(), reason, "verbal", null);
        }
        String[] parts = line.split("\\s+", 2);
        consider(a, need, grants, parts[0], parts.length > 1 ? parts[1] : null, "verbal", null, run.runInfo().getOperator(),
                IdentityCheck.ofClaim(team, parts[0], "verbal"));
    }

    private void deny(Approval a, String by, String reason, String source, String ref) {
        deny(a, by, reason, source, ref, null);
    }

    private void deny(Approval a, String by, String reason, String source, String ref, IdentityCheck.Verdict verdict) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("approval", a.name());
        d.put("by", by);
        d.put("roles", team.member(by).map(Team.Member::roles).orElse(List.of()));
        d.put("source", source);
        if (ref != null) d.put("ref", ref); // runbook approve --deny waits for its own decision by this
        if (reason != null && !reason.isEmpty()) d.put("reason", reason);
        if (verdict != null) {
            d.put("verification", verdict.how());
            if (verdict.sentBy() != null) d.put("sentBy", verdict.sentBy());
            if (verdict.via() != null) d.put("verifiedVia", verdict.via());
        }
        run.bus().emit(EventTypes.APPROVAL_DENIED, d);
        throw new StepFailure("approval denied by " + by + (reason == null || reason.isEmpty() ? "" : ": " + reason), StepFailure.Kind.ABORTED);
    }

    /** Who {@code name} is to this approval: the roles they hold, or why they may not decide it at all. */
    private record Standing(List<String> roles, String refusal) {}

    private Standing standing(Need need, String name, String declaredRole) {
        if (name.equalsIgnoreCase(run.runInfo().getOperator())) {
            return new Standing(List.of(), name + " runs this run and may not approve it; another person must");
        }
        List<String> roles;
        if (team.hasRoster()) {
            var member = team.member(name);
            if (member.isEmpty()) return new Standing(List.of(), name + " is not in the team file (" + team.source() + ")");
            // the operator is who runs the run, whatever --operator says: a member whose login runs it is the operator
            String login = member.get().identity().login();
            if (login != null && login.equals(RUNNING_USER)) {
                return new Standing(List.of(), name + " is the OS user running this run (login " + login + ") and may not approve it; another person must");
            }
            roles = member.get().roles();
        } else {
            roles = declaredRole != null ? List.of(declaredRole) : need.roles();
        }
        if (!need.roles().isEmpty() && roles.stream().noneMatch(need.roles()::contains)) {
            return new Standing(roles, name + " is " + (roles.isEmpty() ? "no role" : String.join(", ", roles)) + "; this approval needs "
                    + String.join(" or ", need.roles()));
        }
        return new Standing(roles, null);
    }

    /** Validates one approver against the team and the need; journals the grant or the refusal, and returns the refusal. */
    private String consider(Approval a, Need need, List<Grant> grants, String name, String declaredRole, String source, String ref,
                            String recordedBy, IdentityCheck.Verdict verdict) {
        Standing st = standing(need, name, declaredRole);
        String refusal = st.refusal() != null ? st.refusal() : verdict.refusal();
        List<String> roles = st.roles();
        if (refusal == null && grants.stream().anyMatch(g -> g.name().equalsIgnoreCase(name))) return null; // already counted
        if (refusal == null && need.roles().size() > 1 && coveredRoles(need, grants).containsAll(intersect(roles, need.roles()))) {
            refusal = name + "'s role (" + String.join(", ", intersect(roles, need.roles())) + ") has already approved; still needed: "
                    + String.join(", ", missingRoles(need, grants));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("approval", a.name());
        d.put("by", name);
        d.put("source", source);
        if (ref != null) d.put("ref", ref);
        if (verdict.sentBy() != null) d.put("sentBy", verdict.sentBy()); // who the store says sent it, beside the claimed name
        if (refusal != null) {
            d.put("why", refusal);
            if (st.refusal() == null && verdict.refusal() != null) d.put("identityRefused", true);
            run.bus().emit(EventTypes.APPROVAL_REFUSED, d);
            return refusal;
        }
        d.put("roles", roles);
        d.put("verified", verdict.verified());
        d.put("verification", verdict.how());
        if (verdict.signature() != null) d.put("signature", verdict.signature());
        if (verdict.via() != null) d.put("verifiedVia", verdict.via());
        if (source.equals("verbal")) d.put("recordedBy", recordedBy);
        grants.add(new Grant(name, roles));
        run.bus().emit(EventTypes.APPROVAL_GRANTED, d);
        return null;
    }

    /**
     * A denial from {@code runbook approve --deny}: it stops the run only when it comes from someone who could
     * approve; anyone else's objection is journaled (and shown to the approvers) and the run keeps waiting.
     */
    private void denialFrom(Approval a, Need need, String by, String declaredRole, String reason, String ref, IdentityCheck.Verdict verdict) {
        String refusal = standing(need, by, declaredRole).refusal();
        if (refusal == null) refusal = verdict.refusal();
        if (refusal == null) deny(a, by, reason, "journal", ref, verdict);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("approval", a.name());
        d.put("by", by);
        d.put("source", "journal");
        d.put("ref", ref);
        if (reason != null && !reason.isEmpty()) d.put("reason", reason);
        d.put("why", refusal + "; only someone who could approve can deny, so the run keeps waiting");
        run.bus().emit(EventTypes.APPROVAL_OBJECTED, d);
    }

    private static List<String> intersect(List<String> a, List<String> b) {
        return a.stream().filter(b::contains).toList();
    }

    private static Set<String> coveredRoles(Need need, List<Grant> grants) {
        Set<String> covered = new HashSet<>();
        for (Grant g : grants) for (String r : g.roles()) if (need.roles().contains(r) && !covered.contains(r)) { covered.add(r); break; }
        return covered;
    }

    private static List<String> missingRoles(Need need, List<Grant> grants) {
        Set<String> covered = coveredRoles(need, grants);
        return need.roles().stream().filter(r -> !covered.contains(r)).toList();
    }

    private static boolean satisfied(Need need, List<Grant> grants) {
        if (need.roles().size() > 1) return missingRoles(need, grants).isEmpty() && grants.size() >= need.count();
        return grants.size() >= need.count();
    }

    private boolean hasNewInboxFiles() {
        return inbox.hasFresh(seenFiles);
    }

    /** Reads new decisions sent by {@code runbook approve}; true when any was read. */
    private boolean checkInbox(Approval a, Need need, List<Grant> grants) {
        List<ApprovalInbox.Decision> fresh = inbox.fresh(seenFiles);
        for (ApprovalInbox.Decision d : fresh) {
            seenFiles.add(d.ref());
            Map<?, ?> m = d.body();
            if (m == null) continue; // unreadable: not a decision runbook approve wrote
            String by = String.valueOf(m.get("by"));
            String ref = d.ref();
            IdentityCheck.Verdict verdict = IdentityCheck.ofDecision(team, run.id(), a.name(), nonce, d);
            if ("deny".equals(m.get("decision"))) {
                Object reason = m.get("reason");
                denialFrom(a, need, by, m.get("role") == null ? null : m.get("role").toString(), reason == null ? "" : reason.toString(), ref, verdict);
                continue;
            }
            consider(a, need, grants, by, m.get("role") == null ? null : m.get("role").toString(), "journal", ref, null, verdict);
        }
        return !fresh.isEmpty();
    }

    /** Stops listening for decisions (a database inbox holds a connection while the run waits). */
    void close() {
        if (inbox != null) inbox.close();
    }

    private record Grant(String name, List<String> roles) {}
}
