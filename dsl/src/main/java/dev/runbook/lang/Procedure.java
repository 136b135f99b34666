package dev.runbook.lang;

import dev.runbook.diag.Problems;
import dev.runbook.model.Action;
import dev.runbook.model.Confirm;
import dev.runbook.model.ForEach;
import dev.runbook.model.Include;
import dev.runbook.model.Manual;
import dev.runbook.model.Node;
import dev.runbook.model.Parallel;
import dev.runbook.model.SourcePos;
import dev.runbook.model.Step;
import groovy.lang.Closure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runbook's procedure as it is recorded: its nodes in order — steps, parallel blocks, fan-outs, includes,
 * checklist items and confirmations here; gates and approvals through {@link GatesAndApprovals} — and the names
 * that identify them in plans, journals and resume, each used once. Records only: nothing runs.
 */
final class Procedure {
    private static final Set<String> STEP_OPTIONS = DslVocabulary.options(DslVocabulary.Scope.RUNBOOK, "step");

    private final DslContext dsl;
    private final Problems problems;
    private final OptionChecks options;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, SourcePos> names = new LinkedHashMap<>();

    Procedure(DslContext dsl, OptionChecks options) {
        this.dsl = dsl;
        this.problems = dsl.problems();
        this.options = options;
    }

    // ---- nodes and their names ---------------------------------------------------------------------------

    void add(Node node) {
        nodes.add(node);
    }

    /** Takes {@code name} for the node at {@code pos}: null when it was free, else where it was taken first. */
    SourcePos claim(String name, SourcePos pos) {
        return names.putIfAbsent(name, pos);
    }

    /** {@code base}, or {@code base #2}, {@code #3}... when taken: the name of a gate or approval nobody named. */
    String uniqueName(String base) {
        String name = base;
        for (int i = 2; names.containsKey(name); i++) name = base + " #" + i;
        names.put(name, dsl.callerPos(base.startsWith("gate") ? "gate" : "requireApproval"));
        return name;
    }

    List<Node> nodes() {
        return nodes;
    }

    // ---- steps -------------------------------------------------------------------------------------------

    void step(Map<String, Object> options, String name, Closure<?> body) {
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
        this.options.unknownOptions(options, STEP_OPTIONS, "step", pos);
        SourcePos first = names.putIfAbsent(name, pos);
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

    /** {@code step('name')} without a body. */
    void stepWithoutBody(String name) {
        problems.add(dsl.callerPos("step"), "step '" + name + "' has no body", "write step('" + name + "') { sh '...' }");
    }

    // ---- steps at once -----------------------------------------------------------------------------------

    /** @param runbook resolves the names read inside the block, as in the runbook's body */
    void parallel(String name, Closure<?> steps, RunbookSpec runbook) {
        SourcePos pos = dsl.callerPos("parallel");
        ParallelSpec spec = new ParallelSpec(this, runbook, dsl);
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
        SourcePos first = names.putIfAbsent(label, pos);
        if (first != null) {
            problems.add(pos, "the name '" + label + "' is used twice (first at line " + first.line() + ")",
                    "give the parallel block its own name: parallel('Restart all regions') { ... }");
            return;
        }
        nodes.add(new Parallel(label, inner, pos));
    }

    void forEach(Map<String, Object> options, Object targets, Closure<?> body) {
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
        SourcePos first = names.putIfAbsent(label, pos);
        if (first != null) {
            problems.add(pos, "the name '" + label + "' is used twice (first at line " + first.line() + ")",
                    "give it its own name: forEach(hosts, name: 'Restart web hosts') { ... }");
            return;
        }
        if (list == null && block == null) return;
        nodes.add(new ForEach(label, list, block, opts, new Action(body, pos, dsl.commandsAt(pos, "forEach")), pos));
    }

    /** {@code forEach(targets)} without a block. */
    void forEachWithoutBody() {
        problems.add(dsl.callerPos("forEach"), "forEach needs a block to run per target", "write forEach(hosts) { host -> sh \"ssh $host uptime\" }");
    }

    private static String shortList(List<Object> list) {
        String text = list.toString();
        return text.length() <= 40 ? text : text.substring(0, 36) + "...]" + " (" + list.size() + ")";
    }

    // ---- another runbook -----------------------------------------------------------------------------------

    /** Records {@code Include(ref, with)}; the compiler resolves and compiles the included runbook afterwards. */
    void include(Map<String, Object> options, String ref) {
        SourcePos pos = dsl.callerPos("include");
        this.options.unknownOptions(options, DslVocabulary.options(DslVocabulary.Scope.RUNBOOK, "include"), "include", pos);
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
        SourcePos first = names.putIfAbsent(name, pos);
        if (first != null) {
            problems.add(pos, "'" + name + "' is used twice (first at line " + first.line() + ")",
                    "give the second one its own name: include '" + ref + "', name: 'Undo again', with: [...]");
            return;
        }
        Action when = null;
        if (options.get("when") instanceof Closure<?> c) when = new Action(c, pos, List.of());
        else if (options.get("when") != null) problems.add(pos, "when: of include must be a condition block", "write when: { params.rollback == 'yes' }");
        nodes.add(new Include(name, ref, with, this.options.bool(options, "continueOnFailure", false, "include", pos), null, pos, when));
    }

    // ---- the operator --------------------------------------------------------------------------------------

    void manual(Map<String, Object> options, String text) {
        SourcePos pos = dsl.callerPos("manual");
        this.options.unknownOptions(options, DslVocabulary.options(DslVocabulary.Scope.RUNBOOK, "manual"), "manual", pos);
        if (text == null || text.isBlank()) {
            problems.add(pos, "manual needs the text of what to check", "write manual 'Ask a test user to sign in'");
            return;
        }
        nodes.add(new Manual(text, pos, this.options.when(options, "manual", pos)));
    }

    void confirm(Map<String, Object> options, String word) {
        SourcePos pos = dsl.callerPos("confirm");
        this.options.unknownOptions(options, DslVocabulary.options(DslVocabulary.Scope.RUNBOOK, "confirm"), "confirm", pos);
        if (word == null || word.isBlank() || word.contains(" ")) {
            problems.add(pos, "confirm needs one word the operator must type", "write confirm 'EMERGENCY'");
            return;
        }
        Object prompt = options.get("prompt");
        nodes.add(new Confirm(word, prompt == null ? "" : prompt.toString(), pos, this.options.when(options, "confirm", pos)));
    }
}
