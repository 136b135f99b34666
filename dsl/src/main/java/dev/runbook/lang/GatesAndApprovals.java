package dev.runbook.lang;

import dev.runbook.diag.Problems;
import dev.runbook.model.Action;
import dev.runbook.model.Approval;
import dev.runbook.model.Gate;
import dev.runbook.model.Severity;
import dev.runbook.model.SourcePos;
import groovy.lang.Closure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The waits of a procedure: the runbook's named health check ({@code health { }}), the gates that poll it or a
 * condition of their own until it holds ({@link Gate}), and the approvals a run waits for ({@link Approval}). They
 * are nodes of the {@link Procedure}, named there. Records only: nothing is polled and nobody is asked here.
 */
final class GatesAndApprovals {
    private static final Set<String> GATE_OPTIONS = DslVocabulary.options(DslVocabulary.Scope.RUNBOOK, "gate");

    private final DslContext dsl;
    private final Problems problems;
    private final OptionChecks options;
    private final Procedure procedure;
    private final List<SourcePos> healthGates = new ArrayList<>();
    private Action health;

    GatesAndApprovals(DslContext dsl, OptionChecks options, Procedure procedure) {
        this.dsl = dsl;
        this.problems = dsl.problems();
        this.options = options;
        this.procedure = procedure;
    }

    // ---- the health check ------------------------------------------------------------------------------------

    /** {@code health { ... }}: one per runbook. */
    void health(Closure<?> check) {
        SourcePos pos = dsl.callerPos("health");
        if (health != null) {
            problems.add(pos, "the runbook has one health check; this is the second", "merge them into one health { } block");
            return;
        }
        health = new Action(check, pos, dsl.commandsAt(pos, "health"));
    }

    /** {@code health(within: ..., every: ...)} inside {@code gate ...}: the health check with its own window. */
    HealthRef healthWithWindow(Map<String, Object> options) {
        SourcePos pos = dsl.callerPos("health");
        this.options.unknownOptions(options, DslVocabulary.options(DslVocabulary.Scope.RUNBOOK, "health"), "health", pos);
        DurationReader d = new DurationReader(problems, pos, "gate health");
        return new HealthRef(d.read(options, "within"), d.read(options, "every"), d.read(options, "sustain"),
                d.read(options, "pollTimeout"), when(options, pos, "gate health"),
                this.options.bool(options, "continueOnFailure", false, "gate health", pos));
    }

    /** A gate's {@code when:}: a condition block, or a literal false (skip it), as on steps. */
    private Action when(Map<String, Object> options, SourcePos pos, String what) {
        Object w = options.get("when");
        if (w instanceof Closure<?> c) return new Action(c, pos, List.of());
        if (w instanceof Boolean b) return b ? null : new Action(StepOptionsReader.alwaysFalse(), pos, List.of());
        if (w != null) problems.add(pos, "when: of " + what + " must be a condition block", "write when: { params.env == 'prod' }");
        return null;
    }

    Action health() {
        return health;
    }

    // ---- gates -----------------------------------------------------------------------------------------------

    /** {@code gate health}: whether the runbook has a health check is judged in {@link #check}. */
    void gate(HealthRef health) {
        SourcePos pos = dsl.callerPos("gate");
        healthGates.add(pos);
        String name = procedure.uniqueName("gate health");
        addGate(name, null, health.within, health.every, health.sustain, health.pollTimeout, pos, health.when,
                health.continueOnFailure);
    }

    /** {@code gate('name', within: ..., every: ..., sustain: ..., pollTimeout: ...) { condition }} */
    void gate(Map<String, Object> options, String name, Closure<?> condition) {
        SourcePos pos = dsl.callerPos("gate");
        this.options.unknownOptions(options, GATE_OPTIONS, "gate", pos);
        if (name == null || name.isBlank()) {
            problems.add(pos, "a gate needs a name", "write gate('error rate under 1%') { ... }");
            return;
        }
        SourcePos first = procedure.claim(name, pos);
        if (first != null) {
            problems.add(pos, "the name '" + name + "' is used twice (first at line " + first.line() + ")", "give each gate its own name");
            return;
        }
        DurationReader d = new DurationReader(problems, pos, "gate '" + name + "'");
        addGate(name, new Action(condition, pos, dsl.commandsAt(pos, "gate")), d.read(options, "within"), d.read(options, "every"),
                d.read(options, "sustain"), d.read(options, "pollTimeout"), pos, when(options, pos, "gate '" + name + "'"),
                this.options.bool(options, "continueOnFailure", false, "gate '" + name + "'", pos));
    }

    /** {@code gate} with anything but the health check or a named condition. */
    void gateWithoutCondition() {
        problems.add(dsl.callerPos("gate"), "gate needs the health check or a named condition",
                "write gate health, or gate('name', within: 5.minutes) { condition }");
    }

    private void addGate(String name, Action condition, Duration within, Duration every, Duration sustain, Duration pollTimeout,
                         SourcePos pos, Action when, boolean continueOnFailure) {
        Duration w = within == null ? Gate.DEFAULT_WITHIN : within;
        Duration e = every == null ? Gate.DEFAULT_EVERY : every;
        if (sustain != null && sustain.compareTo(w) > 0) {
            problems.add(pos, "gate '" + name + "' must hold for " + Durations.format(sustain) + " but its window is only "
                    + Durations.format(w), "make within: longer than sustain:");
        }
        // a poll gets at least 5 s (a cold JVM's first request is slow), at most 30 s, never more than the window
        Duration t = pollTimeout != null ? pollTimeout
                : e.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                : e.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : e;
        procedure.add(new Gate(name, condition, w, e, sustain, t, pos, when, continueOnFailure));
    }

    // ---- approvals -------------------------------------------------------------------------------------------

    /** {@code requireApproval P1, within: ..., reason: ...}: the team policy's approvers for that level. */
    void requireApproval(Map<String, Object> options, Severity level) {
        SourcePos pos = dsl.callerPos("requireApproval");
        this.options.unknownOptions(options, Set.of("within", "reason", "when"), "requireApproval", pos);
        Duration within = new DurationReader(problems, pos, "requireApproval").read(options, "within");
        Object reason = options.get("reason");
        procedure.add(new Approval(procedure.uniqueName("approval " + level), level, List.of(), 1,
                reason == null ? "" : reason.toString(), within, pos, this.options.when(options, "requireApproval", pos)));
    }

    /** {@code requireApproval role: 'manager', count: 2} or {@code roles: [...]}: explicit approvers. */
    void requireApproval(Map<String, Object> options) {
        SourcePos pos = dsl.callerPos("requireApproval");
        this.options.unknownOptions(options, Set.of("role", "roles", "count", "reason", "within", "when"), "requireApproval", pos);
        List<String> roles = new ArrayList<>();
        if (options.get("role") != null) roles.add(options.get("role").toString());
        if (options.get("roles") instanceof Iterable<?> it) it.forEach(r -> roles.add(String.valueOf(r)));
        else if (options.get("roles") != null) problems.add(pos, "roles: must be a list", "write roles: ['lead', 'security']");
        int count = roles.size() > 1 ? roles.size() : 1;
        Object c = options.get("count");
        if (c instanceof Integer i && i >= 1 && i <= 20) count = roles.size() > 1 ? Math.max(i, roles.size()) : i;
        else if (c != null) problems.add(pos, "count: must be a whole number of approvers (1 to 20), not '" + c + "'", "write count: 2");
        if (roles.isEmpty() && c == null) {
            problems.add(pos, "requireApproval needs a level or the approvers", "write requireApproval P1, or requireApproval role: 'manager'");
            return;
        }
        Duration within = new DurationReader(problems, pos, "requireApproval").read(options, "within");
        Object reason = options.get("reason");
        String label = roles.isEmpty() ? count + " approvers" : String.join(" + ", roles) + (count > roles.size() ? " x" + count : "");
        procedure.add(new Approval(procedure.uniqueName("approval " + label), null, roles, count,
                reason == null ? "" : reason.toString(), within, pos, this.options.when(options, "requireApproval", pos)));
    }

    // ---- at the end ------------------------------------------------------------------------------------------

    /** Each {@code gate health} needs the runbook's health check. */
    void check() {
        if (health == null) {
            for (SourcePos p : healthGates) {
                problems.add(p, "gate health needs the runbook's health check, and there is none",
                        "declare it: health { http params.healthUrl, expect: 200 }");
            }
        }
    }
}
