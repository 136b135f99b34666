package dev.runbook.lang;

import dev.runbook.diag.Problems;
import dev.runbook.diag.Suggestions;
import dev.runbook.model.Action;
import dev.runbook.model.Approval;
import dev.runbook.model.Gate;
import dev.runbook.model.Confirm;
import dev.runbook.model.Include;
import dev.runbook.model.Manual;
import dev.runbook.model.Node;
import dev.runbook.model.Param;
import dev.runbook.model.Runbook;
import dev.runbook.model.SecretRef;
import dev.runbook.model.Severity;
import dev.runbook.model.SourcePos;
import dev.runbook.model.Step;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.GroovyObjectSupport;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code runbook(name) { ... }}: records metadata, params, secrets, steps and handlers into an
 * immutable {@link Runbook}. Records only: no I/O, nothing runs. Every mistake is collected with its position
 * and evaluation goes on, so the author sees all problems at once.
 */
public class RunbookSpec extends GroovyObjectSupport {
    /** The words that may appear directly inside runbook { }. */
    public static final List<String> ELEMENTS = List.of("title", "description", "tags", "owner", "severity", "param",
            "secret", "step", "manual", "confirm", "onFailure", "always", "health", "gate", "requireApproval",
            "parallel", "forEach", "include");

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
            Map.entry("forEach", "forEach(['web1', 'web2'], concurrency: 10, maxErrors: 1) { host -> sh \"ssh $host uptime\" }"));

    /** Words that only make sense while a step runs. */
    static final Set<String> STEP_ONLY = Set.of("sh", "log", "http", "docker", "compose", "k8s", "pg", "s3", "notify",
            "report", "params", "env", "secrets", "workdir", "run", "steps", "runbookDir");

    private static final Set<String> STEP_OPTIONS = Set.of("timeout", "retry", "backoff", "expected", "when",
            "idempotent", "continueOnFailure", "onFailure");
    private static final Set<String> GATE_OPTIONS = Set.of("within", "every", "sustain", "pollTimeout");
    private static final Set<String> PARAM_OPTIONS = Set.of("required", "default", "pattern", "choices", "description");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final DslContext dsl;
    final Problems problems;
    private final String name;
    private final RunbookScript script;
    private String title = "";
    private String description = "";
    private String owner = "";
    private final List<String> tags = new ArrayList<>();
    private Severity severity = Severity.P2;
    private final Map<String, Param> params = new LinkedHashMap<>();
    private final Map<String, SecretRef> secrets = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, SourcePos> stepNames = new LinkedHashMap<>();
    private final List<SourcePos> healthGates = new ArrayList<>();
    private Action health;
    private Action onFailure;
    private Action always;

    RunbookSpec(DslContext dsl, String name, SourcePos pos, RunbookScript script) {
        this.dsl = dsl;
        this.problems = dsl.problems();
        this.name = name;
        this.script = script;
        if (name == null || !SLUG.matcher(name).matches()) {
            problems.add(pos, "runbook name '" + name + "' is not a slug",
                    "use lower-case letters, digits and dashes, e.g. runbook('" + slugOf(name) + "')");
        }
    }

    // ---- metadata ------------------------------------------------------------------------------------------

    /** One line that says what the runbook is for; shown by {@code plan} and {@code list}. */
    public void title(String text) { this.title = text; }

    /** Longer text: when to use this runbook, what it assumes. */
    public void description(String text) { this.description = text; }

    /** Who keeps this runbook up to date (a team or a person). */
    public void owner(String who) { this.owner = who; }

    /** Labels for finding runbooks: {@code tags 'docker', 'stateflow'}. */
    public void tags(String... names) { tags.addAll(Arrays.asList(names)); }

    public void tags(List<String> names) { tags.addAll(names); }

    /** The default incident severity, P0 (worst) to P3; {@code --severity} overrides it for a run. */
    public void severity(Object level) {
        if (level instanceof Absorbing) return; // already reported
        Severity s = level instanceof Severity sv ? sv : Severity.parse(String.valueOf(level));
        if (s == null) {
            problems.add(dsl.callerPos("severity"), "severity '" + level + "' is not one of P0, P1, P2, P3",
                    "write severity P1");
        } else {
            severity = s;
        }
    }

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
    public void param(Map<String, Object> options, String name) {
        SourcePos pos = dsl.callerPos("param");
        unknownOptions(options, PARAM_OPTIONS, "param", pos);
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            problems.add(pos, "param name '" + name + "' is not a name", "use letters, digits and _, e.g. param 'version'");
            return;
        }
        if (params.containsKey(name)) {
            problems.add(pos, "param '" + name + "' is declared twice (first at line " + params.get(name).pos().line() + ")",
                    "keep one declaration");
            return;
        }
        boolean required = bool(options, "required", false, "param", pos);
        Object def = options.get("default");
        String defaultValue = def == null ? null : String.valueOf(def);
        Pattern pattern = null;
        Object p = options.get("pattern");
        if (p instanceof Pattern pp) pattern = pp;
        else if (p instanceof CharSequence cs) {
            try {
                pattern = Pattern.compile(cs.toString());
            } catch (java.util.regex.PatternSyntaxException e) {
                problems.add(pos, "pattern of param '" + name + "' is not a valid regular expression: " + e.getDescription(),
                        "write a pattern such as ~/v\\d+\\.\\d+\\.\\d+/");
            }
        } else if (p != null) {
            problems.add(pos, "pattern: of param '" + name + "' must be a regular expression", "write pattern: ~/v\\d+/");
        }
        List<String> choices = new ArrayList<>();
        Object ch = options.get("choices");
        if (ch instanceof Iterable<?> it) it.forEach(o -> choices.add(String.valueOf(o)));
        else if (ch != null) problems.add(pos, "choices: of param '" + name + "' must be a list", "write choices: ['blue', 'green']");
        if (required && defaultValue != null) {
            problems.add(pos, "param '" + name + "' is required and has a default", "drop required: true or the default");
        }
        if (defaultValue != null && pattern != null && !pattern.matcher(defaultValue).matches()) {
            problems.add(pos, "default '" + defaultValue + "' of param '" + name + "' does not match its pattern /" + pattern + "/",
                    "change the default or the pattern");
        }
        if (defaultValue != null && !choices.isEmpty() && !choices.contains(defaultValue)) {
            problems.add(pos, "default '" + defaultValue + "' of param '" + name + "' is not one of its choices " + choices,
                    "use one of " + choices);
        }
        Object desc = options.get("description");
        params.put(name, new Param(name, required, defaultValue, pattern, choices, desc == null ? "" : desc.toString(), pos));
    }

    /** A secret read from the environment variable of the same name; redacted in all output. */
    public void secret(String name) { secret(Map.of(), name); }

    /** @param options {@code required: false} lets the run start without it */
    public void secret(Map<String, Object> options, String name) {
        SourcePos pos = dsl.callerPos("secret");
        unknownOptions(options, Set.of("required"), "secret", pos);
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            problems.add(pos, "secret name '" + name + "' is not an environment variable name", "write secret 'SLACK_WEBHOOK'");
            return;
        }
        if (secrets.containsKey(name)) {
            problems.add(pos, "secret '" + name + "' is declared twice", "keep one declaration");
            return;
        }
        secrets.put(name, new SecretRef(name, bool(options, "required", true, "secret", pos), pos));
    }

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
        Step step = buildStep(options, name, body);
        if (step != null) nodes.add(step);
    }

    /** A step as {@link #step} records it, for the runbook or a {@code parallel} block; null when it is wrong. */
    Step buildStep(Map<String, Object> options, String name, Closure<?> body) {
        SourcePos pos = dsl.callerPos("step");
        if (name == null || name.isBlank()) {
            problems.add(pos, "a step needs a name", "write step('Restart api') { ... }");
            return null;
        }
        unknownOptions(options, STEP_OPTIONS, "step", pos);
        SourcePos first = stepNames.putIfAbsent(name, pos);
        if (first != null) {
            problems.add(pos, "step name '" + name + "' is used twice (first at line " + first.line() + ")",
                    "give each step its own name; plans, journals and resume find steps by name");
        }
        SourceIndex.Call call = dsl.index().find(pos.line(), "step");
        Action handler = null;
        if (options.get("onFailure") instanceof Closure<?> h) {
            handler = new Action(h, call == null ? pos : new SourcePos(pos.file(), call.handlerLine(), call.handlerColumn()),
                    call == null ? List.of() : call.handlerCommands());
        } else if (options.containsKey("onFailure")) {
            problems.add(pos, "onFailure: of step '" + name + "' must be a block", "write onFailure { sh '...' } inside the step");
        }
        var opts = new StepOptionsReader(problems, pos, name).read(options);
        if (first != null) return null;
        return new Step(name, opts, new Action(body, pos, call == null ? List.of() : call.bodyCommands()), handler, pos);
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
        SourcePos pos = dsl.callerPos("parallel");
        ParallelSpec spec = new ParallelSpec(this, dsl);
        Closure<?> c = (Closure<?>) steps.clone();
        c.setDelegate(spec);
        c.setResolveStrategy(Closure.DELEGATE_ONLY);
        c.call();
        List<Step> inner = spec.steps();
        if (inner.isEmpty()) {
            if (!spec.hadProblems()) {
                problems.add(pos, "parallel { } holds no step", "write parallel { step('a') { ... }; step('b') { ... } }");
            }
            return;
        }
        String label = name != null && !name.isBlank() ? name : "parallel: " + String.join(" + ", inner.stream().map(Step::name).toList());
        SourcePos first = stepNames.putIfAbsent(label, pos);
        if (first != null) {
            problems.add(pos, "the name '" + label + "' is used twice (first at line " + first.line() + ")",
                    "give the parallel block its own name: parallel('Restart all regions') { ... }");
            return;
        }
        nodes.add(new dev.runbook.model.Parallel(label, inner, pos));
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
        SourcePos pos = dsl.callerPos("forEach");
        var opts = FanOutOptionsReader.read(options, FanOutOptionsReader.NODE_OPTIONS, (what, hint) -> problems.add(pos, what, hint));
        List<Object> list = null;
        Action block = null;
        if (targets instanceof Closure<?> c) {
            block = new Action(c, pos, List.of());
        } else if (targets instanceof Iterable<?> it) {
            list = new ArrayList<>();
            for (Object o : it) list.add(o);
        } else if (targets instanceof Object[] arr) {
            list = new ArrayList<>(Arrays.asList(arr));
        } else if (!(targets instanceof Absorbing)) {
            problems.add(pos, "the targets of forEach must be a list, or a block that returns one, not '" + targets + "'",
                    "write forEach(['web1', 'web2']) { host -> ... } or forEach({ params.hosts.split(',') }) { host -> ... }");
        }
        if (body.getMaximumNumberOfParameters() > 1) {
            problems.add(pos, "the block of forEach takes one parameter, the target", "write forEach(hosts) { host -> ... }");
        }
        Object n = options.get("name");
        String label;
        if (n != null && !n.toString().isBlank()) label = n.toString();
        else if (list != null) label = "forEach " + shortList(list);
        else label = "forEach targets of line " + pos.line();
        SourcePos first = stepNames.putIfAbsent(label, pos);
        if (first != null) {
            problems.add(pos, "the name '" + label + "' is used twice (first at line " + first.line() + ")",
                    "give it its own name: forEach(hosts, name: 'Restart web hosts') { ... }");
            return;
        }
        if (list == null && block == null) return;
        nodes.add(new dev.runbook.model.ForEach(label, list, block, opts,
                new Action(body, pos, dsl.commandsAt(pos, "forEach")), pos));
    }

    /** A forEach without a block is a mistake; say what to write. */
    public void forEach(Map<String, Object> options, Object targets) {
        problems.add(dsl.callerPos("forEach"), "forEach needs a block to run per target", "write forEach(hosts) { host -> sh \"ssh $host uptime\" }");
    }

    private static String shortList(List<Object> list) {
        String text = list.toString();
        return text.length() <= 40 ? text : text.substring(0, 36) + "...]" + " (" + list.size() + ")";
    }

    /** A step without a body is a mistake; say what to write. */
    public void step(String name) {
        problems.add(dsl.callerPos("step"), "step '" + name + "' has no body", "write step('" + name + "') { sh '...' }");
    }

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
    public void include(Map<String, Object> options, String ref) {
        SourcePos pos = dsl.callerPos("include");
        unknownOptions(options, Set.of("with", "name", "continueOnFailure", "when"), "include", pos);
        if (ref == null || ref.isBlank() || !(ref.startsWith("stdlib:") || ref.endsWith(".groovy"))) {
            problems.add(pos, "include needs a standard runbook or a runbook file, not '" + ref + "'",
                    "write include 'stdlib:k8s/rollout-undo' or include 'shared/restart.groovy'");
            return;
        }
        Map<String, Object> with = new LinkedHashMap<>();
        Object w = options.get("with");
        if (w instanceof Map<?, ?> m) {
            m.forEach((k, v) -> with.put(String.valueOf(k), v instanceof Closure<?> c ? new Action(c, pos, List.of()) : v == null ? "" : v));
        } else if (w != null) {
            problems.add(pos, "with: of include must be a map of params", "write with: [deployment: 'api', ns: { params.ns }]");
        }
        String name = options.get("name") != null ? options.get("name").toString()
                : "include " + (ref.startsWith("stdlib:") ? ref.substring("stdlib:".length()) : ref);
        SourcePos first = stepNames.putIfAbsent(name, pos);
        if (first != null) {
            problems.add(pos, "'" + name + "' is used twice (first at line " + first.line() + ")",
                    "give the second one its own name: include '" + ref + "', name: 'Undo again', with: [...]");
            return;
        }
        Action when = null;
        if (options.get("when") instanceof Closure<?> c) when = new Action(c, pos, List.of());
        else if (options.get("when") != null) problems.add(pos, "when: of include must be a condition block", "write when: { params.rollback == 'yes' }");
        nodes.add(new Include(name, ref, with, bool(options, "continueOnFailure", false, "include", pos), null, pos, when));
    }

    public void include(String ref) {
        include(Map.of(), ref);
    }

    /** A checklist item the operator confirms before the run goes on ({@code --yes} confirms it). */
    public void manual(String text) {
        SourcePos pos = dsl.callerPos("manual");
        if (text == null || text.isBlank()) {
            problems.add(pos, "manual needs the text of what to check", "write manual 'Ask a test user to sign in'");
            return;
        }
        nodes.add(new Manual(text, pos));
    }

    /** The operator must type {@code word} to go on; refuses a non-interactive run unless {@code --yes}. */
    public void confirm(String word) { confirm(Map.of(), word); }

    /** @param options {@code prompt: 'what happens next'} */
    public void confirm(Map<String, Object> options, String word) {
        SourcePos pos = dsl.callerPos("confirm");
        unknownOptions(options, Set.of("prompt"), "confirm", pos);
        if (word == null || word.isBlank() || word.contains(" ")) {
            problems.add(pos, "confirm needs one word the operator must type", "write confirm 'EMERGENCY'");
            return;
        }
        Object prompt = options.get("prompt");
        nodes.add(new Confirm(word, prompt == null ? "" : prompt.toString(), pos));
    }

    /** Runs once when the run fails, after the failing step's own handler. Its parameter is the failure. */
    public void onFailure(@DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> handler) {
        SourcePos pos = dsl.callerPos("onFailure");
        if (onFailure != null) {
            problems.add(pos, "the runbook has one onFailure handler; this is the second", "merge them into one block");
            return;
        }
        onFailure = new Action(handler, pos, dsl.commandsAt(pos, "onFailure"));
    }

    /** Runs at the end whatever the outcome. */
    public void always(@DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> handler) {
        SourcePos pos = dsl.callerPos("always");
        if (always != null) {
            problems.add(pos, "the runbook has one always handler; this is the second", "merge them into one block");
            return;
        }
        always = new Action(handler, pos, dsl.commandsAt(pos, "always"));
    }

    // ---- health, gates, approvals --------------------------------------------------------------------------

    /**
     * The runbook's named health check, used by {@code gate health}. Either one probe,
     * {@code health { http params.healthUrl, expect: 200 }} (also {@code expect: 200..299}, {@code body: ~/ok/},
     * {@code json: { it.database == 'connected' }}), or any block that returns true when healthy.
     */
    public void health(@DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> check) {
        SourcePos pos = dsl.callerPos("health");
        if (health != null) {
            problems.add(pos, "the runbook has one health check; this is the second", "merge them into one health { } block");
            return;
        }
        health = new Action(check, pos, dsl.commandsAt(pos, "health"));
    }

    /** {@code gate health}: the named health check with the default window. */
    public HealthRef getHealth() {
        return new HealthRef(null, null, null, null);
    }

    /** {@code gate health(within: 2.minutes, every: 5.seconds)}: the named health check with its own window. */
    public HealthRef health(Map<String, Object> options) {
        SourcePos pos = dsl.callerPos("health");
        unknownOptions(options, GATE_OPTIONS, "health", pos);
        DurationReader d = new DurationReader(problems, pos, "gate health");
        return new HealthRef(d.read(options, "within"), d.read(options, "every"), d.read(options, "sustain"),
                d.read(options, "pollTimeout"));
    }

    /** Polls the named health check until it passes; fails when the window runs out. */
    public void gate(HealthRef health) {
        SourcePos pos = dsl.callerPos("gate");
        healthGates.add(pos);
        String name = uniqueName("gate health");
        addGate(name, null, health.within, health.every, health.sustain, health.pollTimeout, pos);
    }

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
        SourcePos pos = dsl.callerPos("gate");
        unknownOptions(options, GATE_OPTIONS, "gate", pos);
        if (name == null || name.isBlank()) {
            problems.add(pos, "a gate needs a name", "write gate('error rate under 1%') { ... }");
            return;
        }
        SourcePos first = stepNames.putIfAbsent(name, pos);
        if (first != null) {
            problems.add(pos, "the name '" + name + "' is used twice (first at line " + first.line() + ")", "give each gate its own name");
            return;
        }
        DurationReader d = new DurationReader(problems, pos, "gate '" + name + "'");
        addGate(name, new Action(condition, pos, dsl.commandsAt(pos, "gate")), d.read(options, "within"), d.read(options, "every"),
                d.read(options, "sustain"), d.read(options, "pollTimeout"), pos);
    }

    public void gate(Object anything) {
        problems.add(dsl.callerPos("gate"), "gate needs the health check or a named condition",
                "write gate health, or gate('name', within: 5.minutes) { condition }");
    }

    private void addGate(String name, Action condition, Duration within, Duration every, Duration sustain, Duration pollTimeout,
                         SourcePos pos) {
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
        nodes.add(new Gate(name, condition, w, e, sustain, t, pos));
    }

    /**
     * Waits for the approvals the team policy requires at this level — or at the run's severity when that is more
     * urgent (a P0 run waives them where the policy says so).
     */
    public void requireApproval(Severity level) {
        requireApproval(Map.of(), level);
    }

    /** @param options {@code within:} (fail when nobody approved in time), {@code reason:} (shown to approvers) */
    public void requireApproval(Map<String, Object> options, Severity level) {
        SourcePos pos = dsl.callerPos("requireApproval");
        unknownOptions(options, Set.of("within", "reason"), "requireApproval", pos);
        Duration within = new DurationReader(problems, pos, "requireApproval").read(options, "within");
        Object reason = options.get("reason");
        nodes.add(new Approval(uniqueName("approval " + level), level, List.of(), 1, reason == null ? "" : reason.toString(), within, pos));
    }

    /**
     * Waits for explicit approvers: {@code requireApproval role: 'manager', count: 2, reason: '...'}; or
     * {@code roles: ['lead', 'security']} for one approver of each role.
     */
    public void requireApproval(Map<String, Object> options) {
        SourcePos pos = dsl.callerPos("requireApproval");
        unknownOptions(options, Set.of("role", "roles", "count", "reason", "within"), "requireApproval", pos);
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
        nodes.add(new Approval(uniqueName("approval " + label), null, roles, count, reason == null ? "" : reason.toString(), within, pos));
    }

    private String uniqueName(String base) {
        String name = base;
        for (int i = 2; stepNames.containsKey(name); i++) name = base + " #" + i;
        stepNames.put(name, dsl.callerPos(base.startsWith("gate") ? "gate" : "requireApproval"));
        return name;
    }

    // ---- mistakes ------------------------------------------------------------------------------------------

    /** Script-level helper methods stay callable; anything else is an unknown element, reported with a suggestion. */
    public Object methodMissing(String name, Object args) {
        // only methods the file itself declares (not those every Script or Object has: run, notify, evaluate),
        // matched by arguments too
        boolean helper = script.getMetaClass().respondsTo(script, name, (Object[]) args).stream()
                .anyMatch(m -> m.getDeclaringClass().getTheClass() == script.getClass());
        if (helper && !name.equals("run")) {
            return InvokerHelper.invokeMethod(script, name, args);
        }
        SourcePos pos = dsl.callerPos(name);
        if (USAGE.containsKey(name)) {
            // a known element whose arguments do not fit; when one of them was already reported, say nothing more
            if (args instanceof Object[] a && Arrays.stream(a).anyMatch(x -> x instanceof Absorbing)) return Absorbing.INSTANCE;
            problems.add(pos, "'" + name + "' is not written like this", "write " + USAGE.get(name));
        } else if (STEP_ONLY.contains(name)) {
            problems.add(pos, "'" + name + "' acts on the world and belongs inside a step",
                    "write step('What this does') { " + name + " ... }");
        } else {
            problems.add(pos, "unknown element '" + name + "'",
                    Suggestions.didYouMean(name, ELEMENTS, "the elements are " + String.join(", ", ELEMENTS)));
        }
        return Absorbing.INSTANCE;
    }

    /**
     * Names read inside runbook { } resolve to the severities and script variables only. Without this, Groovy
     * would hand out this builder's private fields: {@code params.version} would quietly read the param
     * declarations (null) instead of being reported as a step-time name.
     */
    @Override
    public Object getProperty(String name) {
        if (name.matches("P[0-3]") || name.equals("health") || name.equals("metaClass")) return super.getProperty(name);
        return propertyMissing(name);
    }

    /** Script variables stay readable; step-time names and unknown names are reported. */
    public Object propertyMissing(String name) {
        if (script.getBinding().hasVariable(name)) return script.getBinding().getVariable(name);
        SourcePos pos = dsl.callerPos(name);
        if (name.matches("[pP]\\d+")) {
            problems.add(pos, "severity '" + name + "' is not one of P0, P1, P2, P3", "write P0 (worst) to P3");
        } else if (USAGE.containsKey(name)) {
            problems.add(pos, "'" + name + "' is an element of the runbook, not a value", "write " + USAGE.get(name));
        } else if (STEP_ONLY.contains(name)) {
            problems.add(pos, "'" + name + "' is only available while a step runs, not while the runbook is defined",
                    "use it inside step(...) { }, a when: { } condition or a handler");
        } else {
            problems.add(pos, "unknown name '" + name + "'",
                    Suggestions.didYouMean(name, ELEMENTS, "declare it as a variable before runbook(...) or use a param"));
        }
        return Absorbing.INSTANCE;
    }

    // ---- result --------------------------------------------------------------------------------------------

    Runbook build() {
        if (health == null) {
            for (SourcePos p : healthGates) {
                problems.add(p, "gate health needs the runbook's health check, and there is none",
                        "declare it: health { http params.healthUrl, expect: 200 }");
            }
        }
        return new Runbook(name, title, description, tags, owner, severity, List.copyOf(params.values()),
                List.copyOf(secrets.values()), nodes, health, onFailure, always, dsl.displayPath(), dsl.contentHash(), dsl.index());
    }

    private void unknownOptions(Map<String, Object> options, Set<String> known, String element, SourcePos pos) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                problems.add(pos, "unknown option '" + key + ":' for " + element,
                        Suggestions.didYouMean(key, known, "the options are " + String.join(", ", known.stream().sorted().toList())));
            }
        }
    }

    private boolean bool(Map<String, Object> options, String key, boolean fallback, String element, SourcePos pos) {
        Object v = options.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        problems.add(pos, key + ": of " + element + " must be true or false, not '" + v + "'", "write " + key + ": true");
        return fallback;
    }

    private static String slugOf(String text) {
        if (text == null) return "my-runbook";
        String s = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "my-runbook" : s;
    }
}
