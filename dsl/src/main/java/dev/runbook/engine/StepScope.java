package dev.runbook.engine;

import dev.runbook.diag.Suggestions;
import dev.runbook.journal.EventTypes;
import dev.runbook.lang.StepScopeApi;
import dev.runbook.model.CommandResult;
import dev.runbook.model.SourcePos;
import groovy.lang.Closure;
import groovy.lang.GroovyObject;
import groovy.lang.GroovyObjectSupport;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The delegate of a step body, handler or condition while it runs: {@code sh}, {@code params}, {@code log} and the integrations. */
public class StepScope extends GroovyObjectSupport implements StepScopeApi {
    static final List<String> NAMES = List.of("sh", "log", "manual", "confirm", "fail", "params", "env", "secrets",
            "run", "workdir", "runbookDir", "steps", "report", "forEach", "raw");

    private final RunContext run;
    private final String step;
    private final StepResult result;
    private final GroovyObject script;
    private final Map<String, Object> integrations = new HashMap<>();
    private java.util.concurrent.atomic.AtomicReference<String> observations;
    /** Where the processes this scope starts are tracked, so that a timeout kills exactly its own. */
    private final TrackedProcesses processes;
    /** The target of the forEach this scope runs a block for; null outside a fan-out. */
    private final Object target;

    StepScope(RunContext run, String step, StepResult result, GroovyObject script) {
        this(run, step, result, script, run.allProcesses(), null);
    }

    StepScope(RunContext run, String step, StepResult result, GroovyObject script, TrackedProcesses processes, Object target) {
        this.run = run;
        this.step = step;
        this.result = result;
        this.script = script;
        this.processes = processes;
        this.target = target;
    }

    /**
     * Events of a step are on disk before it goes on. Those of one target of a fan-out are written at once (a crash of
     * the process loses none) and made durable together, by the fan-out's summary event: a hundred targets do not
     * queue for an fsync each, and a fan-out that did not finish runs again as a whole on resume anyway.
     */
    private boolean durable() {
        return target == null;
    }

    /** The step's name, and the target's when this scope runs one target of a forEach: every event says which. */
    private Map<String, Object> about() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", step);
        // not "target": integration calls name their own target (a URL, a container)
        if (target != null) d.put("fanOutTarget", String.valueOf(target));
        return d;
    }

    /** Runs a runbook closure with this scope as its delegate; a closure with a parameter receives {@code argument}. */
    Object evaluate(Closure<?> original, Object argument) {
        Closure<?> c = original.rehydrate(this, script, script);
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        // Groovy sends the closure's println to its owner, the script: the script prints through this scope
        var before = dev.runbook.lang.StepPrinting.enter(this::output);
        try {
            return c.getMaximumNumberOfParameters() > 0 ? c.call(argument) : c.call();
        } finally {
            dev.runbook.lang.StepPrinting.leave(before);
        }
    }

    /** Gate mode: probes report what they saw here, and their calls are not journaled one by one. */
    void observeInto(java.util.concurrent.atomic.AtomicReference<String> target) {
        this.observations = target;
    }

    Object integrationNamed(String name) {
        return integration(name);
    }

    @Override public Object getParams() { return run.params(); }
    @Override public Map<String, String> getEnv() { return run.environment(); }
    @Override public Object getSecrets() { return run.secrets(); }
    @Override public Object getRun() { return run.runInfo().seenFrom(step); }
    @Override public File getWorkdir() { return run.runDir().toAbsolutePath().toFile(); }
    @Override public File getRunbookDir() { return run.runbookDir().toFile(); }
    @Override public Map<String, ?> getSteps() { return Collections.unmodifiableMap(run.stepResults()); }

    @Override
    public CommandResult sh(String command) {
        return sh(Map.of(), command);
    }

    @Override
    public CommandResult sh(groovy.lang.GString command) {
        return sh(Map.of(), command);
    }

    @Override
    public CommandResult sh(Map<String, Object> options, groovy.lang.GString command) {
        if (command == null) throw new StepFailure("sh needs a command", StepFailure.Kind.ERROR);
        ShellTemplate.Rendered r;
        try {
            r = ShellTemplate.render(command, run.secrets().asMap());
        } catch (StepFailure f) {
            throw new StepFailure(here("sh") + f.getMessage(), f.kind());
        }
        return run(options, r.command(), r.environment());
    }

    @Override
    public CommandResult sh(java.util.List<?> argv) {
        return sh(Map.of(), argv);
    }

    @Override
    public CommandResult sh(Map<String, Object> options, java.util.List<?> argv) {
        if (argv == null || argv.isEmpty()) throw new StepFailure(here("sh") + "sh([...]) needs at least the program — "
                + "write sh(['pg_dump', '-d', db])", StepFailure.Kind.ERROR);
        String command;
        try {
            command = ShellTemplate.argv(argv);
        } catch (StepFailure f) {
            throw new StepFailure(here("sh") + f.getMessage(), f.kind());
        }
        // every word quoted: bash -c runs one simple command by exec'ing it, with the words as they are
        return run(options, command, Map.of());
    }

    /**
     * {@code println} in a step, handler or condition: a line of the step's output, on the console and in the journal,
     * with the run's secrets masked, as a command's output is. Groovy's own would write to the JVM's stdout, past
     * the journal and the masking.
     */
    public void println(Object value) {
        output(String.valueOf(value));
    }

    public void println() {
        output("");
    }

    public void print(Object value) {
        output(String.valueOf(value));
    }

    public void printf(String format, Object... args) {
        output(String.format(format, args));
    }

    private void output(String text) {
        for (String line : text.isEmpty() ? List.of("") : text.lines().toList()) {
            Map<String, Object> d = about();
            d.put("stream", "out");
            d.put("line", line);
            run.bus().emit(EventTypes.STEP_OUTPUT, d, false);
        }
    }

    @Override
    public dev.runbook.model.RawShell raw(Object text) {
        return new dev.runbook.model.RawShell(text == null ? null : text.toString());
    }

    @Override
    public CommandResult sh(Map<String, Object> options, String command) {
        return run(options, command, Map.of());
    }

    /** Runs one command line; {@code secretEnv} carries the secrets it reads from its environment. */
    private CommandResult run(Map<String, Object> options, String command, Map<String, String> secretEnv) {
        return new StepCommand(run, step, result, processes, about(), durable()).run(options, command, secretEnv);
    }

    @Override
    public void log(String text) {
        Map<String, Object> d = about();
        d.put("text", String.valueOf(text));
        run.bus().emit(EventTypes.STEP_LOG, d, durable());
    }

    /**
     * {@code report 'incident.md'} (usually in {@code always { }}): writes the incident report of this run so far
     * into the run's folder (or to an absolute path); {@code .html} gives the self-contained HTML version.
     */
    @Override
    public File report(String fileName) {
        Path target = run.runDir().resolve(fileName).toAbsolutePath().normalize();
        java.util.List<dev.runbook.journal.Event> events = run.store().read(run.id()).events(); // a folder or a database
        dev.runbook.report.Timeline timeline = dev.runbook.report.Timeline.of(events, run.outcome().label(),
                run.failure() == null ? null : run.failure().getStep(), run.failure() == null ? null : run.failure().getMessage());
        String text = fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".html") || fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".htm")
                ? dev.runbook.report.HtmlReport.render(timeline, run.runDir(), target, dev.runbook.report.Embedding.masked(run::redact))
                : dev.runbook.report.MarkdownReport.render(timeline, run.runDir(), target);
        try {
            java.nio.file.Files.createDirectories(target.getParent());
            java.nio.file.Files.writeString(target, text);
        } catch (java.io.IOException e) {
            throw new StepFailure(here("report") + "cannot write the incident report " + target + ": " + e.getMessage(), StepFailure.Kind.ERROR);
        }
        log("incident report: " + target);
        return target.toFile();
    }

    @Override
    public void manual(String text) {
        run.askManual(text, step);
    }

    @Override
    public void confirm(String word) {
        confirm(Map.of(), word);
    }

    @Override
    public void confirm(Map<String, Object> options, String word) {
        for (String option : options.keySet()) {
            if (!option.equals("prompt")) {
                throw new StepFailure(here("confirm") + "confirm has no option '" + option
                        + "' — the one it takes is prompt: 'what happens next'", StepFailure.Kind.ERROR);
            }
        }
        if (word == null || word.isBlank() || word.contains(" ")) {
            throw new StepFailure(here("confirm") + "confirm needs one word the operator must type — write confirm 'EMERGENCY'",
                    StepFailure.Kind.ERROR);
        }
        Object prompt = options.get("prompt");
        run.askWord(word, prompt == null ? "" : prompt.toString(), step);
    }

    /** {@code gate health} inside a step: waits right there with the default window. */
    public void gate(dev.runbook.lang.HealthRef health) {
        throw new StepFailure(here("gate") + "write gate health at the top level of the runbook, between steps", StepFailure.Kind.ERROR);
    }

    /** {@code requireApproval P1} inside a step: waits for approval at that point. */
    public void requireApproval(dev.runbook.model.Severity level) {
        requireApproval(Map.of(), level);
    }

    public void requireApproval(Map<String, Object> options, dev.runbook.model.Severity level) {
        Object reason = options.get("reason");
        Object within = options.get("within");
        run.awaitApproval(new dev.runbook.model.Approval("approval " + level + " in " + step, level, List.of(), 1,
                reason == null ? "" : reason.toString(), within instanceof java.time.Duration d ? d : null,
                run.runbook().positionIn(new Throwable(), "requireApproval")), step);
    }

    public void requireApproval(Map<String, Object> options) {
        List<String> roles = new ArrayList<>();
        if (options.get("role") != null) roles.add(options.get("role").toString());
        if (options.get("roles") instanceof Iterable<?> it) it.forEach(r -> roles.add(String.valueOf(r)));
        int count = options.get("count") instanceof Integer i ? i : Math.max(1, roles.size());
        Object reason = options.get("reason");
        Object within = options.get("within");
        run.awaitApproval(new dev.runbook.model.Approval("approval in " + step, null, roles, count,
                reason == null ? "" : reason.toString(), within instanceof java.time.Duration d ? d : null,
                run.runbook().positionIn(new Throwable(), "requireApproval")), step);
    }

    /** {@code forEach(targets) { t -> ... }} inside a step, with the default options. */
    @Override
    public FanOutResults forEach(Object targets, Closure<?> block) {
        return forEach(Map.of(), targets, block);
    }

    /**
     * Fan-out inside a step: runs {@code block} once per target, {@code concurrency:} at a time, and returns one result
     * per target ({@link FanOutResults}). Fails the step when a target failed, unless {@code continueOnFailure: true},
     * which returns the results to look at instead.
     *
     * @param options {@code concurrency:} (default 10), {@code maxErrors:} (a count or {@code 10.percent}),
     *                {@code timeout:} (per target), {@code continueOnFailure:}
     */
    @Override
    public FanOutResults forEach(Map<String, Object> options, Object targets, Closure<?> block) {
        String where = here("forEach");
        var o = dev.runbook.lang.FanOutOptionsReader.read(options, dev.runbook.lang.FanOutOptionsReader.CALL_OPTIONS, (what, hint) -> {
            throw new StepFailure(where + what + " — " + hint, StepFailure.Kind.ERROR);
        });
        if (block.getMaximumNumberOfParameters() > 1) {
            throw new StepFailure(where + "the block of forEach takes one parameter, the target — write forEach(hosts) { host -> ... }",
                    StepFailure.Kind.ERROR);
        }
        java.util.List<?> list = ForEachRun.targetList(targets instanceof Closure<?> c ? c.call() : targets, where + "the targets of forEach");
        FanOutResults res = run.fanOuts.run(step, list, o, block, script, processes);
        if (!res.getFailed().isEmpty() && !o.continueOnFailure()) {
            throw new StepFailure(where + ForEachRun.failedTargets(res), StepFailure.Kind.ERROR);
        }
        return res;
    }

    public dev.runbook.model.Severity getP0() { return dev.runbook.model.Severity.P0; }
    public dev.runbook.model.Severity getP1() { return dev.runbook.model.Severity.P1; }
    public dev.runbook.model.Severity getP2() { return dev.runbook.model.Severity.P2; }
    public dev.runbook.model.Severity getP3() { return dev.runbook.model.Severity.P3; }

    @Override
    public void fail(String message) {
        throw new StepFailure(String.valueOf(message), StepFailure.Kind.ERROR);
    }

    @Override
    public void onFailure(Closure<?> handler) {
        throw new StepFailure(here("onFailure") + "onFailure must be written directly in the step body, not inside another block"
                + " — move it out of the if/loop to the top level of the step", StepFailure.Kind.ERROR);
    }

    /** Script helper methods stay callable from steps; an unknown name fails the step with a suggestion. */
    public Object methodMissing(String name, Object args) {
        // match the arguments too: by name alone, java.lang.Object's notify() and wait() would shadow `notify ...`
        if (script != null && !script.getMetaClass().respondsTo(script, name, (Object[]) args).isEmpty()) {
            return InvokerHelper.invokeMethod(script, name, args);
        }
        Object integration = integration(name);
        if (integration instanceof Closure<?> c) return c.call((Object[]) args);
        if (integration != null) return InvokerHelper.invokeMethod(integration, "call", args);
        throw new StepFailure(here(name) + "unknown command '" + name + "' — "
                + Suggestions.didYouMean(name, known(), "available in steps: " + String.join(", ", known())),
                StepFailure.Kind.ERROR);
    }

    public Object propertyMissing(String name) {
        Object integration = integration(name);
        if (integration != null) return integration;
        if (script instanceof groovy.lang.Script s && s.getBinding().hasVariable(name)) return s.getBinding().getVariable(name);
        throw new StepFailure(here(null) + "unknown name '" + name + "' — "
                + Suggestions.didYouMean(name, known(), "available in steps: " + String.join(", ", known())),
                StepFailure.Kind.ERROR);
    }

    private Object integration(String name) {
        // the step's step.started (and a command.finished) are written but not yet fsynced: on disk before an
        // integration acts on the world. A fan-out target's events are made durable by the fan-out's summary instead.
        if (target == null) run.bus().sync();
        if (integrations.containsKey(name)) return integrations.get(name);
        Object created = run.integrations().create(name, new Context());
        if (created != null) integrations.put(name, created);
        return created;
    }

    private List<String> known() {
        List<String> all = new ArrayList<>(NAMES);
        all.addAll(run.integrations().names());
        return all;
    }

    private String here(String call) {
        SourcePos pos = run.runbook().positionIn(new Throwable(), call);
        return pos == null ? "" : pos + ": ";
    }

    private final class Context implements IntegrationContext {
        @Override public String step() { return step; }
        @Override public void record(String type, Map<String, Object> data) {
            if (observations != null) return; // a gate journals its polls' changes instead
            Map<String, Object> d = about();
            d.putAll(data);
            run.bus().emit(type, d, durable());
        }
        @Override public boolean dryRun() { return run.dryRun(); }
        @Override public void wouldMake(String thing) { if (run.dryRun()) run.wouldBe.add(thing); }
        @Override public boolean wouldHaveMade(String thing) { return run.dryRun() && run.wouldBe.contains(thing); }
        @Override public Map<String, String> environment() { return run.environment(); }
        @Override public Path workdir() { return run.runDir(); }
        @Override public Clock clock() { return run.clock(); }
        @Override public String redact(String text) { return run.bus().redactor().redact(text); }
        @Override public void observe(String observation) { if (observations != null) observations.set(observation); }
        @Override public String runId() { return run.id(); }
        @Override public String runbookName() { return run.runbook().name(); }
        @Override public dev.runbook.model.Team team() { return run.team(); }
    }
}
