package dev.runbook.lang;

import dev.runbook.model.Severity;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.GroovyObjectSupport;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The language of {@code runbook(name) { ... }}: every word its body may write, as the delegate of the closure.
 * Each word hands its arguments to the part that records them — the header and the run-wide handlers to
 * {@link RunbookDraft}, params and secrets to {@link InputDeclarations}, steps and the other nodes to
 * {@link Procedure}, the health check, gates and approvals to {@link GatesAndApprovals}, locks to
 * {@link LockDeclarations}, any other name to {@link UnknownNames} — so that this class holds the words Groovy
 * dispatches to and nothing else a runbook could call by accident. Records only: no I/O, nothing runs. Every
 * mistake is collected with its position and evaluation goes on, so the author sees all problems at once.
 */
public class RunbookSpec extends GroovyObjectSupport {
    /** The words that may appear directly inside runbook { }. */
    public static final List<String> ELEMENTS = List.of("title", "description", "tags", "owner", "severity", "param",
            "secret", "step", "manual", "confirm", "onFailure", "always", "health", "gate", "requireApproval",
            "parallel", "forEach", "include", "lock");

    /** How each element is written, for a call whose arguments do not fit. */
    static final Map<String, String> USAGE = Map.ofEntries(
            Map.entry("title", "title 'Roll the API back'"),
            Map.entry("description", "description 'When to use this runbook'"),
            Map.entry("owner", "owner 'platform-team'"),
            Map.entry("tags", "tags 'docker', 'api'"),
            Map.entry("severity", "severity P1"),
            Map.entry("param", "param 'version', required: true"),
            Map.entry("secret", "secret 'SLACK_WEBHOOK'"),
            Map.entry("step", "step('Restart api', timeout: 2.minutes) { sh '...' }"),
            Map.entry("manual", "manual 'Ask a test user to sign in'"),
            Map.entry("confirm", "confirm 'EMERGENCY', prompt: 'This restarts production'"),
            Map.entry("onFailure", "onFailure { failure -> ... }"),
            Map.entry("always", "always { ... }"),
            Map.entry("include", "include 'stdlib:k8s/rollout-undo', with: [deployment: { params.deployment }]"),
            Map.entry("parallel", "parallel { step('a') { ... }; step('b') { ... } }"),
            Map.entry("forEach", "forEach(['web1', 'web2'], concurrency: 10, maxErrors: 1) { host -> sh \"ssh $host uptime\" }"),
            Map.entry("lock", "lock \"db:${params.db}\""));

    /** Words that only make sense while a step runs. */
    static final Set<String> STEP_ONLY = Set.of("sh", "log", "http", "docker", "compose", "k8s", "pg", "s3", "notify",
            "report", "params", "env", "secrets", "workdir", "run", "steps", "runbookDir");

    // Private fields: Groovy would hand them out as properties, but getProperty below never does.
    private final RunbookDraft draft;
    private final InputDeclarations inputs;
    private final Procedure procedure;
    private final GatesAndApprovals waits;
    private final LockDeclarations locks;
    private final UnknownNames unknown;

    RunbookSpec(DslContext dsl, RunbookDraft draft, RunbookScript script) {
        this.draft = draft;
        this.inputs = draft.inputs;
        this.procedure = draft.procedure;
        this.waits = draft.waits;
        this.locks = draft.locks;
        this.unknown = new UnknownNames(dsl, script, draft.locks);
    }

    // ---- metadata ------------------------------------------------------------------------------------------

    /** One line that says what the runbook is for; shown by {@code plan} and {@code list}. */
    public void title(String text) { draft.title(text); }

    /** Longer text: when to use this runbook, what it assumes. */
    public void description(String text) { draft.description(text); }

    /** Who keeps this runbook up to date (a team or a person). */
    public void owner(String who) { draft.owner(who); }

    /** Labels for finding runbooks: {@code tags 'docker', 'stateflow'}. */
    public void tags(String... names) { draft.tags(Arrays.asList(names)); }

    public void tags(List<String> names) { draft.tags(names); }

    /** The default incident severity, P0 (worst) to P3; {@code --severity} overrides it for a run. */
    public void severity(Object level) { draft.severity(level); }

    public Severity getP0() { return Severity.P0; }
    public Severity getP1() { return Severity.P1; }
    public Severity getP2() { return Severity.P2; }
    public Severity getP3() { return Severity.P3; }

    // ---- inputs --------------------------------------------------------------------------------------------

    /** A param with no options: optional, any text. */
    public void param(String name) { param(Map.of(), name); }

    /**
     * A typed input, validated before anything runs; read it in steps as {@code params.name}.
     *
     * @param options {@code required: true}, {@code default: 'x'}, {@code pattern: ~/v\d+/}, {@code choices: [..]},
     *                {@code description: '...'}
     */
    public void param(Map<String, Object> options, String name) { inputs.param(options, name); }

    /** A secret read from the environment variable of the same name; redacted in all output. */
    public void secret(String name) { secret(Map.of(), name); }

    /** @param options {@code required: false} lets the run start without it */
    public void secret(Map<String, Object> options, String name) { inputs.secret(options, name); }

    // ---- procedure ---------------------------------------------------------------------------------------------

    /** A step with default options. */
    public void step(String name,
                     @DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        step(Map.of(), name, body);
    }

    /**
     * A unit of work.
     *
     * @param options {@code timeout:}, {@code retry:}, {@code backoff:}, {@code expected:}, {@code when: { boolean }},
     *                {@code idempotent:}, {@code continueOnFailure:}
     * @param body    runs when the step runs, with {@code sh}, {@code params}, {@code log} and the integrations in
     *                scope; a top-level {@code onFailure { }} inside it is the step's own failure handler
     */
    public void step(Map<String, Object> options, String name,
                     @DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        procedure.step(options, name, body);
    }

    /**
     * Steps that run at once: {@code parallel { step('a') {...}; step('b') {...} }}. Each keeps its options, retries
     * and handler; the next node starts when all of them are done.
     */
    public void parallel(@DelegatesTo(value = ParallelSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> steps) {
        parallel(null, steps);
    }

    /** A named parallel block: {@code parallel('Restart both regions') { ... }}; the name is what plans and the journal show. */
    public void parallel(String name, @DelegatesTo(value = ParallelSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> steps) {
        procedure.parallel(name, steps, this);
    }

    /** {@code forEach(targets) { t -> ... }} with the default options. */
    public void forEach(Object targets, @DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        forEach(Map.of(), targets, body);
    }

    /**
     * Fan-out: runs {@code body} once per target, {@code concurrency:} at a time, on the engine's virtual threads.
     *
     * @param options {@code name:} (what plans and the journal call the node; default {@code forEach} and the targets),
     *                {@code concurrency:} (default 10), {@code maxErrors:} (a count or {@code 10.percent}: once more
     *                targets than this have failed, no further target is launched), {@code timeout:} (per target: its
     *                commands are killed), {@code continueOnFailure:}, {@code idempotent:}
     * @param targets a list, or a block that returns one when the node runs ({@code { params.hosts.split(',') }})
     * @param body    runs per target, which it receives as its parameter, with the scope of a step body
     */
    public void forEach(Map<String, Object> options, Object targets,
                        @DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        procedure.forEach(options, targets, body);
    }

    /** A forEach without a block is a mistake; say what to write. */
    public void forEach(Map<String, Object> options, Object targets) { procedure.forEachWithoutBody(); }

    /** A step without a body is a mistake; say what to write. */
    public void step(String name) { procedure.stepWithoutBody(name); }

    public void step(Map<String, Object> options, String name) { step(name); }

    /**
     * Runs another runbook's procedure here, as a sub-run with its own journal, handlers and params:
     * {@code include 'stdlib:k8s/rollout-undo', with: [deployment: { params.deployment }, ns: 'prod']}.
     *
     * @param options {@code with:} the included runbook's params — constants, or blocks evaluated when the include
     *                runs (they may read {@code params}); params it does not list come from this run's params of the
     *                same name. {@code name:} how plans and the journal call it (default {@code include <ref>}).
     *                {@code continueOnFailure: true} goes on when the included run fails. {@code when: { ... }}
     *                skips it when false, as for a step.
     * @param ref     {@code stdlib:group/name} (the standard library, {@code runbook list}) or a path relative to
     *                this file ({@code 'shared/restart.groovy'})
     */
    public void include(Map<String, Object> options, String ref) { procedure.include(options, ref); }

    public void include(String ref) {
        include(Map.of(), ref);
    }

    /** A checklist item the operator confirms before the run goes on ({@code --yes} confirms it). */
    public void manual(String text) { procedure.manual(Map.of(), text); }

    /** @param options {@code when: { ... }}: asked only when the condition holds, as a step's {@code when:} */
    public void manual(Map<String, Object> options, String text) { procedure.manual(options, text); }

    /** The operator must type {@code word} to go on; refuses a non-interactive run unless {@code --yes}. */
    public void confirm(String word) { confirm(Map.of(), word); }

    /** @param options {@code prompt: 'what happens next'}; {@code when: { ... }} asks only when the condition holds */
    public void confirm(Map<String, Object> options, String word) { procedure.confirm(options, word); }

    /** Runs once when the run fails, after the failing step's own handler. Its parameter is the failure. */
    public void onFailure(@DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> handler) {
        draft.onFailure(handler);
    }

    /** Runs at the end whatever the outcome. */
    public void always(@DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> handler) {
        draft.always(handler);
    }

    // ---- health, gates, approvals --------------------------------------------------------------------------

    /**
     * The runbook's named health check, used by {@code gate health}. Either one probe,
     * {@code health { http params.healthUrl, expect: 200 }} (also {@code expect: 200..299}, {@code body: ~/ok/},
     * {@code json: { it.database == 'connected' }}), or any block that returns true when healthy.
     */
    public void health(@DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> check) {
        waits.health(check);
    }

    /** {@code gate health}: the named health check with the default window. */
    public HealthRef getHealth() {
        return new HealthRef(null, null, null, null, null, false);
    }

    /** {@code gate health(within: 2.minutes, every: 5.seconds)}: the named health check with its own window. */
    public HealthRef health(Map<String, Object> options) { return waits.healthWithWindow(options); }

    /** Polls the named health check until it passes; fails when the window runs out. */
    public void gate(HealthRef health) { waits.gate(health); }

    /** A named gate with the default window: polls {@code condition} until it returns true. */
    public void gate(String name, @DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> condition) {
        gate(Map.of(), name, condition);
    }

    /**
     * A named gate: polls {@code condition} every {@code every:} until it returns true — for {@code sustain:}
     * without a break when set — and fails when {@code within:} runs out.
     *
     * @param options {@code within:} (default 2 minutes), {@code every:} (default 5 seconds), {@code sustain:},
     *                {@code pollTimeout:} (default: {@code every}, between 5 and 30 seconds)
     */
    public void gate(Map<String, Object> options, String name,
                     @DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> condition) {
        waits.gate(options, name, condition);
    }

    public void gate(Object anything) { waits.gateWithoutCondition(); }

    /**
     * Waits for the approvals the team policy requires at this level — or at the run's severity when that is more
     * urgent (a P0 run waives them where the policy says so).
     */
    public void requireApproval(Severity level) {
        requireApproval(Map.of(), level);
    }

    /**
     * @param options {@code within:} (fail when nobody approved in time), {@code reason:} (shown to approvers),
     *                {@code when: { ... }} (asked only when the condition holds, as a step's {@code when:})
     */
    public void requireApproval(Map<String, Object> options, Severity level) { waits.requireApproval(options, level); }

    /**
     * Waits for explicit approvers: {@code requireApproval role: 'manager', count: 2, reason: '...'}; or
     * {@code roles: ['lead', 'security']} for one approver of each role.
     */
    public void requireApproval(Map<String, Object> options) { waits.requireApproval(options); }

    // ---- locks -----------------------------------------------------------------------------------------------

    /**
     * A target only one run at a time may act on: {@code lock "db:${params.db}"}. The run takes it before its first
     * step and holds it to the end; a second run wanting the same key is refused with who holds it (or waits, with
     * {@code --wait}). {@code ${params.NAME}} in the key is filled in at run start. A runbook may take several.
     */
    public void lock(Object key) { locks.lock(key); }

    // ---- other names ---------------------------------------------------------------------------------------

    /** Script-level helper methods stay callable; anything else is an unknown element, reported with a suggestion. */
    public Object methodMissing(String name, Object args) {
        return unknown.method(name, args);
    }

    /**
     * Names read inside runbook { } resolve to the severities, {@code health} and script variables only. Without
     * this, Groovy would hand out this builder's private fields: {@code locks} or {@code procedure} would quietly
     * read the recorder behind the word instead of being reported as an unknown name.
     */
    @Override
    public Object getProperty(String name) {
        if (name.matches("P[0-3]") || name.equals("health") || name.equals("metaClass")) return super.getProperty(name);
        return propertyMissing(name);
    }

    /** Script variables stay readable; step-time names and unknown names are reported. */
    public Object propertyMissing(String name) {
        return unknown.property(name);
    }
}
