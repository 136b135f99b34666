package dev.runbook.lang;

import dev.runbook.diag.Problems;
import dev.runbook.diag.Suggestions;
import dev.runbook.model.Severity;
import dev.runbook.model.SourcePos;
import dev.runbook.model.Team;
import groovy.lang.GroovyObjectSupport;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The body of {@code team { }}: records members, the approval policy and notification settings. No I/O. */
public class TeamSpec extends GroovyObjectSupport {
    static final List<String> ELEMENTS = List.of("member", "policy", "slack", "pagerduty", "journal", "identity", "serve");
    /** How each element is written, for a call whose arguments do not fit. */
    private static final Map<String, String> USAGE = Map.of(
            "member", "member 'alice', roles: ['lead']",
            "policy", "policy P1, role: 'lead' (or policy P0, waived: true)",
            "slack", "slack webhook: 'SLACK_WEBHOOK', channel: '#incidents'",
            "pagerduty", "pagerduty routingKey: 'PAGERDUTY_KEY'",
            "journal", "journal 'jdbc:postgresql://HOST/DATABASE'",
            "identity", "identity required",
            "serve", "serve login: 'runbook-web' (the OS user, or dbRole: the database role, runbook serve runs as)");

    private final DslContext dsl;
    private final Problems problems;
    private final TeamScript script;
    private final Map<String, Team.Member> members = new LinkedHashMap<>();
    private final Map<Severity, Team.ApprovalRule> rules = new EnumMap<>(Severity.class);
    private final Map<Severity, SourcePos> rulePositions = new EnumMap<>(Severity.class);
    private String slackSecret, slackChannel, pagerdutySecret, pagerdutyUrl, journal;
    private boolean identityRequired;
    private Team.Identity serve;
    /** Checked once every policy is read: a waives: list may name a level declared after it. */
    private final List<Runnable> waivesChecks = new ArrayList<>();

    TeamSpec(DslContext dsl, TeamScript script) {
        this.dsl = dsl;
        this.problems = dsl.problems();
        this.script = script;
    }

    public Severity getP0() { return Severity.P0; }
    public Severity getP1() { return Severity.P1; }
    public Severity getP2() { return Severity.P2; }
    public Severity getP3() { return Severity.P3; }

    /** {@code member 'alice', role: 'lead'} or {@code member 'bob', roles: ['manager', 'lead']}. */
    public void member(Map<String, Object> options, String name) {
        SourcePos pos = dsl.callerPos("member");
        known(options, DslVocabulary.options(DslVocabulary.Scope.TEAM, "member"), "member", pos);
        List<String> roles = roles(options);
        if (roles.isEmpty()) problems.add(pos, "member '" + name + "' has no role", "write member '" + name + "', role: 'lead'");
        if (members.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
            problems.add(pos, "member '" + name + "' is listed twice", "list each person once, with all their roles (names ignore case)");
        }
        String key = str(options.get("key"));
        if (key != null && !SshPublicKeys.looksValid(key)) {
            problems.add(pos, "member '" + name + "': key: is not an SSH public key",
                    "paste one line of ~/.ssh/id_ed25519.pub: key: 'ssh-ed25519 AAAAC3Nz… " + name + "@laptop'");
        }
        String email = str(options.get("email"));
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
            problems.add(pos, "member '" + name + "': email: '" + email + "' is not an e-mail address",
                    "write the address the single sign-on proxy sends: email: '" + name + "@example.com'");
        }
        members.put(name, new Team.Member(name, roles, new Team.Identity(key, str(options.get("login")), str(options.get("dbRole")), email)));
    }

    public void member(String name) {
        member(Map.of(), name);
    }

    /**
     * {@code serve login: 'runbook-web'} (or {@code dbRole: 'runbook_web'}): who {@code runbook serve} runs as. A
     * decision sent by that OS user or database role, saying the page verified the person (single sign-on or a
     * one-time link), counts as that member's verified decision; from anyone else it is refused.
     */
    public void serve(Map<String, Object> options) {
        SourcePos pos = dsl.callerPos("serve");
        known(options, Set.of("login", "dbRole"), "serve", pos);
        String login = str(options.get("login")), dbRole = str(options.get("dbRole"));
        if (login == null && dbRole == null) {
            problems.add(pos, "serve says neither login: nor dbRole:", USAGE.get("serve"));
            return;
        }
        serve = new Team.Identity(null, login, dbRole);
    }

    /** {@code identity required}: the word {@code required} in a team file. */
    public String getRequired() { return "required"; }

    /**
     * {@code identity required}: every approval must come through the approver's binding ({@code key:},
     * {@code login:}, {@code dbRole:}); a name typed without one is refused instead of counted as "claimed".
     */
    public void identity(Object rule) {
        if ("required".equals(String.valueOf(rule))) identityRequired = true;
        else problems.add(dsl.callerPos("identity"), "identity " + rule + " is not a rule", "write identity required");
    }

    /**
     * What a severity needs: {@code policy P0, waived: true} (optionally {@code waives: [P1, 'lead']}: only those);
     * {@code policy P1, role: 'lead'};
     * {@code policy P2, role: 'manager', count: 2}; {@code policy P1, roles: ['lead', 'security']}.
     */
    public void policy(Map<String, Object> options, Severity level) {
        SourcePos pos = dsl.callerPos("policy");
        known(options, DslVocabulary.options(DslVocabulary.Scope.TEAM, "policy"), "policy", pos);
        boolean waived = Boolean.TRUE.equals(options.get("waived"));
        List<String> waives = waives(options, level, waived, pos);
        List<String> roles = roles(options);
        int count = roles.size() > 1 ? roles.size() : 1;
        Object c = options.get("count");
        if (c instanceof Integer i && i >= 1) count = Math.max(i, roles.size() > 1 ? roles.size() : 1);
        else if (c != null) problems.add(pos, "count: must be a whole number of approvers, not '" + c + "'", "write count: 2");
        if (!waived && roles.isEmpty() && c == null) {
            problems.add(pos, "policy " + level + " says neither who approves nor waived: true", "write policy " + level + ", role: 'lead'");
        }
        if (rules.containsKey(level)) problems.add(pos, "policy " + level + " is given twice", "keep one");
        rules.put(level, new Team.ApprovalRule(level, waived, waived ? List.of() : roles, waived ? 0 : count, waives));
        rulePositions.put(level, pos);
        if (waives != null) waivesChecks.add(() -> checkWaives(level, waives, pos));
    }

    /**
     * {@code waives: [P1, 'lead']}: the rules a waiving severity may lift (levels, and roles of an explicit
     * {@code requireApproval role:}); absent: every one-approver rule. Quorum and four-eyes rules are never lifted.
     */
    private List<String> waives(Map<String, Object> options, Severity level, boolean waived, SourcePos pos) {
        Object w = options.get("waives");
        if (w == null) return null;
        if (!waived) {
            problems.add(pos, "waives: applies to a waived policy, and policy " + level + " is not waived",
                    "write policy " + level + ", waived: true, waives: [P1]");
            return null;
        }
        List<String> out = new ArrayList<>();
        if (w instanceof Iterable<?> it) it.forEach(x -> out.add(String.valueOf(x)));
        else problems.add(pos, "waives: must be a list of severities and roles", "write waives: [P1, 'lead']");
        return out;
    }

    /** A level named in {@code waives:} whose rule needs two people or more can never be waived: say so. */
    private void checkWaives(Severity waiver, List<String> waives, SourcePos pos) {
        for (String w : waives) {
            Severity named = Severity.parse(w);
            if (named == null) continue;
            Team.ApprovalRule r = rules.containsKey(named) ? rules.get(named) : Team.DEFAULT_RULES.get(named);
            if (!r.waived() && Team.ApprovalRule.needsSeveral(r.roles(), r.count())) {
                problems.add(pos, "policy " + waiver + " waives " + named + ", whose rule needs " + r.describe()
                        + ", and a quorum or four-eyes rule is never waived", "take " + named + " out of waives:");
            }
        }
    }

    /** {@code slack webhook: 'SLACK_WEBHOOK', channel: '#incidents'}: the env var holding the webhook URL. */
    public void slack(Map<String, Object> options) {
        SourcePos pos = dsl.callerPos("slack");
        known(options, DslVocabulary.options(DslVocabulary.Scope.TEAM, "slack"), "slack", pos);
        slackSecret = str(options.get("webhook"));
        slackChannel = str(options.get("channel"));
    }

    /** {@code pagerduty routingKey: 'PAGERDUTY_ROUTING_KEY', url: 'https://...'}: the env var holding the key. */
    public void pagerduty(Map<String, Object> options) {
        SourcePos pos = dsl.callerPos("pagerduty");
        known(options, DslVocabulary.options(DslVocabulary.Scope.TEAM, "pagerduty"), "pagerduty", pos);
        pagerdutySecret = str(options.get("routingKey"));
        pagerdutyUrl = str(options.get("url"));
    }

    /**
     * {@code journal 'jdbc:postgresql://db.internal/runbook'}: where the team's runs, approvals and locks live (or a
     * folder). {@code --journal} overrides it. Keep the password out of the file: PGPASSWORD supplies it.
     */
    public void journal(String location) {
        SourcePos pos = dsl.callerPos("journal");
        if (location == null || location.isBlank()) {
            problems.add(pos, "journal needs a location", "write journal 'jdbc:postgresql://HOST/DATABASE' or a folder");
        } else if (location.matches("(?i).*[?&;]password=.*|.*//[^/@]*:[^/@]*@.*")) {
            problems.add(pos, "the journal URL holds a password, and team files are shared and committed",
                    "leave it out: set PGPASSWORD in the environment of whoever runs runbook");
        } else {
            journal = location;
        }
    }

    public Object methodMissing(String name, Object args) {
        if (ELEMENTS.contains(name)) {
            // a known element whose arguments do not fit: when one of them was already reported (policy P9), that
            // one line says it; otherwise say how the element is written, not "did you mean" its own name
            if (args instanceof Object[] a && java.util.Arrays.stream(a).anyMatch(x -> x instanceof Absorbing)) return Absorbing.INSTANCE;
            problems.add(dsl.callerPos(name), "'" + name + "' is not written like this", "write " + USAGE.getOrDefault(name, name + " ..."));
            return Absorbing.INSTANCE;
        }
        problems.add(dsl.callerPos(name), "unknown element '" + name + "' in the team file",
                Suggestions.didYouMean(name, ELEMENTS, "the elements are " + String.join(", ", ELEMENTS)));
        return Absorbing.INSTANCE;
    }

    public Object propertyMissing(String name) {
        if (script.getBinding().hasVariable(name)) return script.getBinding().getVariable(name);
        if (name.matches("[pP]\\d+")) {
            problems.add(dsl.callerPos(name), "severity '" + name + "' is not one of P0, P1, P2, P3", "write policy P0 (worst) to P3");
        } else {
            problems.add(dsl.callerPos(name), "unknown name '" + name + "' in the team file", "severities are P0 to P3");
        }
        return Absorbing.INSTANCE;
    }

    Team build() {
        waivesChecks.forEach(Runnable::run);
        Team team = new Team(dsl.displayPath(), List.copyOf(members.values()), rules,
                new Team.NotifySettings(slackSecret, slackChannel, pagerdutySecret, pagerdutyUrl), journal, identityRequired, serve);
        // a policy its own roster cannot satisfy would leave every run at that severity waiting forever
        rules.forEach((level, rule) -> {
            String short_ = rule.waived() ? null : team.shortOfApprovers(rule.roles(), rule.count());
            if (short_ != null) problems.add(rulePositions.get(level), "policy " + level + " can never be met: " + short_,
                    "lower its count:, or add members who hold the role");
        });
        return team;
    }

    private List<String> roles(Map<String, Object> options) {
        List<String> roles = new ArrayList<>();
        if (options.get("role") != null) roles.add(options.get("role").toString());
        if (options.get("roles") instanceof Iterable<?> it) it.forEach(r -> roles.add(String.valueOf(r)));
        return roles;
    }

    private void known(Map<String, Object> options, Set<String> keys, String element, SourcePos pos) {
        for (String k : options.keySet()) {
            if (!keys.contains(k)) {
                problems.add(pos, "unknown option '" + k + ":' for " + element,
                        Suggestions.didYouMean(k, keys, "the options are " + String.join(", ", keys.stream().sorted().toList())));
            }
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
