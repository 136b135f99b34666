package dev.runbook.engine;

import org.codehaus.groovy.runtime.InvokerHelper;

import dev.runbook.diag.Problems;
import dev.runbook.journal.EventTypes;
import dev.runbook.journal.HeldLocks;
import dev.runbook.journal.Journal;
import dev.runbook.journal.LockHolder;
import dev.runbook.journal.RunStore;
import dev.runbook.lang.Durations;
import dev.runbook.model.Action;
import dev.runbook.model.Approval;
import dev.runbook.model.Gate;
import dev.runbook.model.Confirm;
import dev.runbook.model.Include;
import dev.runbook.model.Param;
import dev.runbook.model.Manual;
import dev.runbook.model.ForEach;
import dev.runbook.model.Node;
import dev.runbook.model.Parallel;
import dev.runbook.model.Runbook;
import dev.runbook.model.Severity;
import dev.runbook.model.SourcePos;
import dev.runbook.model.Step;
import groovy.lang.Closure;
import groovy.lang.GroovyObject;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of a runbook: executes its nodes in order with the failure semantics of the language (timeout, retry
 * with backoff, the step's handler, the runbook's handler, {@code always}), journaling every transition before
 * the next begins. The CLI runs it to the end; the REPL drives it node by node.
 */
public final class RunSession implements AutoCloseable {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** How long a worker that ignores interruption (pure Groovy busy loop) is waited for before it is abandoned. */
    private static final long ABANDON_AFTER_MS = 5000;

    private final Runbook runbook;
    private final RunOptions options;
    private final Operator operator;
    private final Clock clock;
    private final RunStore store;
    private final HeldLocks locks;
    private final Journal journal;
    private final EventBus bus;
    private final Integrations integrations;
    private final dev.runbook.model.Team team;
    private final ApprovalDesk approvals;
    /** Replaced, never mutated, when the operator changes a param at the REPL. */
    private volatile Params params;
    private final Params secrets;
    private final RunInfo runInfo;
    private final Path workingDir;
    private final Map<String, StepResult> results = new LinkedHashMap<>();
    /** Every process the run started and that still runs, whichever step, handler or target started it. */
    private final TrackedProcesses allProcesses = new TrackedProcesses(null);
    /** The worker threads running now: one, or one per step of a parallel block. */
    private final Set<StepWorker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger interrupts = new AtomicInteger();
    /** Resumed runs: per top-level forEach, the targets that finished ok before; taken when the node runs again. */
    private final Map<String, Map<String, Integer>> targetsDoneEarlier = new ConcurrentHashMap<>();
    private final long startMillis;
    private volatile Failure failure;
    private volatile boolean aborted;
    /** Set by a second Ctrl-C that exits, or by SIGTERM/SIGHUP: the process exits in a moment; no handler starts. */
    private volatile boolean exiting;
    private boolean handlersWanted = true;
    private boolean finished;
    /** run.finished is journaled: the run has its end, and a signal that comes later adds nothing to it. */
    private volatile boolean ended;

    private RunSession(Runbook runbook, RunOptions options, Operator operator, Clock clock, Inputs inputs,
                       Integrations integrations, dev.runbook.model.Team team) {
        this(runbook, options, operator, clock, inputs, integrations, team, null, 0);
    }

    /** {@code history} is given when an earlier run is resumed, null for a new run. */
    private RunSession(Runbook runbook, RunOptions options, Operator operator, Clock clock, Inputs inputs,
                       Integrations integrations, dev.runbook.model.Team team, RunHistory history, long validJournalBytes) {
        this.runbook = runbook;
        this.options = options;
        this.operator = operator;
        this.clock = clock;
        this.integrations = integrations;
        this.team = team;
        Instant now = history != null ? history.startedAt() : clock.instant();
        String id = history != null ? history.runId()
                : ID_TIME.format(now) + "-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        this.store = options.storeOrFolder();
        String operatorName = history != null ? history.operator() : options.operatorName();
        // the run's targets are taken before its journal opens: a refused run leaves no trace. A dry run acts on
        // nothing, so it takes nothing and never keeps a real run waiting.
        this.locks = options.dryRun() ? HeldLocks.NONE
                : store.lock(runbook.locks().stream().map(l -> l.resolve(inputs.params())).toList(),
                new LockHolder(id, operatorName, hostName(), ProcessHandle.current().pid(), clock.instant()), options.lockWait());
        Journal opened;
        try {
            opened = history != null ? store.reopen(id, validJournalBytes) : store.create(id);
        } catch (RuntimeException e) {
            locks.close();
            throw e;
        }
        this.journal = opened;
        java.util.List<String> secretValues = new java.util.ArrayList<>(inputs.secrets().values());
        for (String name : notificationSecretNames(team)) {
            String v = options.environment().get(name);
            if (v != null && !v.isEmpty()) secretValues.add(v);
        }
        this.bus = new EventBus(journal, new Redactor(secretValues), clock, history == null ? 0 : history.lastSeq());
        this.approvals = new ApprovalDesk(this, team, options.approvedBy(), operator);
        this.params = new Params(inputs.params(), "param");
        this.secrets = new Params(inputs.secrets(), "secret");
        Severity severity = history != null ? Severity.parse(history.severity())
                : options.severity() != null ? options.severity() : runbook.severity();
        this.runInfo = new RunInfo(id, severity, operatorName, now, hostName(), options.dryRun());
        this.workingDir = Path.of("").toAbsolutePath();
        // a resumed run's duration counts from its first start
        this.startMillis = clock.millis() - Duration.between(now, clock.instant()).toMillis();
        runbook.nodes().forEach(n -> {
            results.put(n.name(), new StepResult());
            // steps of a parallel block are steps too: steps['name'] finds them
            if (n instanceof Parallel p) p.steps().forEach(st -> results.put(st.name(), new StepResult()));
        });
        if (history != null) {
            history.nodes().forEach((name, rec) -> {
                if (rec.state() == RunHistory.NodeState.DONE && results.containsKey(name)) results.put(name, rec.result());
            });
            approvals.restore(history.grants(), history.seenInboxFiles());
            for (Node n : runbook.nodes()) {
                Map<String, Integer> earlier = n instanceof ForEach ? history.targetsDoneEarlier(n.name()) : Map.of();
                if (!earlier.isEmpty()) targetsDoneEarlier.put(n.name(), earlier);
            }
        }
    }

    /**
     * Checks params, secrets and whether someone can answer the runbook's prompts, then opens the run's journal.
     * Nothing has run when this throws {@link dev.runbook.diag.RunbookProblemsException}.
     */
    public static RunSession open(Runbook runbook, RunOptions options, Operator operator, Clock clock, Integrations integrations) {
        return open(runbook, options, operator, clock, integrations, dev.runbook.model.Team.defaults());
    }

    /** As above, with the team file that sets the approval policy and notification targets. */
    public static RunSession open(Runbook runbook, RunOptions options, Operator operator, Clock clock, Integrations integrations,
                                  dev.runbook.model.Team team) {
        Inputs inputs = Inputs.resolve(runbook, options.params(), options.environment());
        refuseUnanswerable(runbook, options, operator);
        return new RunSession(runbook, options, operator, clock, inputs, integrations, team);
    }

    /**
     * Opens an earlier run again to go on with it ({@code runbook resume}): the same id, folder and journal (appended
     * to, after cutting off a line torn by the crash), the params, severity and operator it started with, the
     * results of the nodes it finished ({@code steps[...]}) and the approvals already granted. Nothing is
     * journaled until {@link #resumeFrom}.
     */
    public static RunSession resume(Runbook runbook, RunOptions options, Operator operator, Clock clock, Integrations integrations,
                                    dev.runbook.model.Team team, RunHistory history, long validJournalBytes) {
        Inputs inputs = Inputs.resolve(runbook, history.params(), options.environment());
        refuseUnanswerable(runbook, options, operator);
        RunOptions resumed = options.withDryRun(history.dryRun());
        return new RunSession(runbook, resumed, operator, clock, inputs, integrations, team, history, validJournalBytes);
    }

    /** Refuses, before anything runs, a run that will ask questions nobody can answer. */
    private static void refuseUnanswerable(Runbook runbook, RunOptions options, Operator operator) {
        if (!operator.interactive() && !options.dryRun()) {
            Problems problems = new Problems();
            for (Node n : runbook.nodes()) {
                if (n instanceof Manual || n instanceof Confirm) {
                    problems.add(n.pos(), n.kind() + " '" + (n instanceof Confirm c ? c.word() : n.name())
                            + "' needs an operator to answer, and this run has no terminal", NO_TERMINAL_HINT);
                }
                java.util.List<Step> steps = n instanceof Step s ? java.util.List.of(s)
                        : n instanceof Parallel p ? p.steps() : java.util.List.of();
                for (Step s : steps) {
                    questionsIn(s.body(), s.pos(), "step '" + s.name() + "'", problems);
                    questionsIn(s.onFailure(), s.pos(), "the onFailure of step '" + s.name() + "'", problems);
                }
                if (n instanceof ForEach f) questionsIn(f.body(), f.pos(), "'" + f.name() + "'", problems);
            }
            questionsIn(runbook.onFailure(), null, "onFailure", problems);
            questionsIn(runbook.always(), null, "always", problems);
            problems.throwIfAny();
        }
    }

    private static final String NO_TERMINAL_HINT = "run it in a terminal, or pass --yes to confirm it";

    /** A {@code manual} or {@code confirm} written inside a block would be declined mid-run: refuse the run up front. */
    private static void questionsIn(Action block, SourcePos where, String what, Problems problems) {
        if (block == null) return;
        for (String command : block.commands()) {
            if (command.matches("(manual|confirm)\\b.*")) {
                problems.add(where != null ? where : block.pos(), command + " in " + what
                        + " needs an operator to answer, and this run has no terminal", NO_TERMINAL_HINT);
            }
        }
    }

    public void listen(EventListener listener) {
        bus.listen(listener);
    }

    // ---- accessors used by StepScope and the REPL -----------------------------------------------------------------

    public String id() { return runInfo.getId(); }
    public Runbook runbook() { return runbook; }
    public Path runDir() { return journal.dir(); }
    /** Where the run is journaled; approvals reach it through this. */
    public RunStore store() { return store; }
    public Params params() { return params; }
    Params secrets() { return secrets; }
    public RunInfo runInfo() { return runInfo; }
    public Map<String, StepResult> stepResults() { return results; }
    Map<String, String> environment() { return options.environment(); }
    EventBus bus() { return bus; }
    Clock clock() { return clock; }
    boolean dryRun() { return options.dryRun(); }
    Integrations integrations() { return integrations; }
    public dev.runbook.model.Team team() { return team; }
    int interruptCount() { return interrupts.get(); }

    /** Environment variables the team file names for webhooks and keys: their values are masked like secrets. */
    private static java.util.List<String> notificationSecretNames(dev.runbook.model.Team team) {
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("SLACK_WEBHOOK", "PAGERDUTY_ROUTING_KEY"));
        if (team.notifications().slackWebhookSecret() != null) names.add(team.notifications().slackWebhookSecret());
        if (team.notifications().pagerdutyKeySecret() != null) names.add(team.notifications().pagerdutyKeySecret());
        return names;
    }

    /** Tells the team that an approval was waived (P0: act now, notify after); says where it went. */
    Object notifyWaiver(String text) {
        boolean slackConfigured = team.notifications().slackWebhookSecret() != null || options.environment().containsKey("SLACK_WEBHOOK");
        if (!slackConfigured) return "no notification target: set slack webhook: in the team file, or SLACK_WEBHOOK";
        StepScope scope = new StepScope(this, "approval", null, null);
        Object notifier = scope.integrationNamed("notify");
        if (notifier == null) return "notify is not available";
        // through the integration's own method, so that the test harness's captured notify sees it too
        Object r = InvokerHelper.invokeMethod(notifier, "slack", new Object[]{team.notifications().slackChannel(), text, null, false});
        Map<?, ?> m = r instanceof Map<?, ?> x ? x : Map.of();
        return Boolean.TRUE.equals(m.get("sent")) ? "slack" : "failed: " + m.get("error");
    }
    Path workingDir() { return workingDir; }
    Path runbookDir() {
        Path parent = Path.of(runbook.source()).toAbsolutePath().getParent();
        return parent == null ? workingDir : parent;
    }

    /** The processes of the whole run: what the operator's second Ctrl-C kills. */
    TrackedProcesses allProcesses() {
        return allProcesses;
    }

    /** Null: bash. The runbook test harness answers {@code sh} from a script instead. */
    private volatile CommandRunner commands;

    CommandRunner commands() { return commands; }

    /** Replaces bash: the runbook test harness answers {@code sh} from a script. Call before the run starts. */
    public void useCommandRunner(CommandRunner runner) {
        this.commands = java.util.Objects.requireNonNull(runner);
    }

    /** The failure an interrupted worker reports: the operator's Ctrl-C, or else its time ran out. */
    StepFailure stopFailure() {
        return interrupts.get() == 0
                ? new StepFailure("timed out", StepFailure.Kind.TIMEOUT)
                : new StepFailure("stopped by the operator (Ctrl-C)", StepFailure.Kind.ABORTED);
    }

    // ---- the run ---------------------------------------------------------------------------------------------------

    /** Journals the start of the run: what runs, with which params, by whom, where. */
    public void start() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("run", id());
        d.put("runbook", runbook.name());
        d.put("title", runbook.title());
        d.put("file", runbook.source());
        d.put("contentHash", runbook.contentHash());
        d.put("params", params.asMap());
        d.put("secrets", secrets.asMap().keySet().stream().toList());
        d.put("severity", runInfo.getSeverity().name());
        d.put("operator", runInfo.getOperator());
        d.put("host", runInfo.getHost());
        d.put("pid", ProcessHandle.current().pid());
        d.put("cwd", workingDir.toString());
        d.put("dir", runDir().toString());
        // where the journal is, when that is not the run's folder (a PostgreSQL URL, its password masked)
        String journalAt = store == null ? null : store.journalOf(id());
        if (journalAt != null && !journalAt.startsWith(runDir().toString())) d.put("journal", journalAt);
        d.put("dryRun", options.dryRun());
        d.put("nodes", runbook.nodes().stream().map(Node::name).toList());
        d.put("kinds", runbook.nodes().stream().map(Node::kind).toList());
        Map<String, Object> inner = new LinkedHashMap<>();
        for (Node n : runbook.nodes()) if (n instanceof Parallel p) inner.put(p.name(), p.steps().stream().map(Step::name).toList());
        if (!inner.isEmpty()) d.put("parallelSteps", inner);
        bus.emit(EventTypes.RUN_STARTED, d);
        journalLocks();
        keepSourceCopy();
    }

    /** Journaled after run.started (and run.resumed): the locks this run took, and how long it queued for them. */
    public static final String EVENT_LOCK_ACQUIRED = "lock.acquired";

    private void journalLocks() {
        for (String key : locks.keys()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("key", key);
            d.put("waitedMs", locks.waitedMs());
            d.put("store", store.location());
            bus.emit(EVENT_LOCK_ACQUIRED, d);
        }
    }

    /** The file as it was run, kept by the store (beside the journal): resume compares it with the file as it is then. */
    private void keepSourceCopy() {
        try {
            store.keepSource(id(), Path.of(runbook.source()));
        } catch (java.nio.file.InvalidPathException e) {
            // only resume's "which steps differ" needs it; it falls back to comparing step names
        }
    }

    /**
     * Resume: journals {@code run.resumed} (who resumed, from which node, what was decided about a step whose
     * outcome was unknown), then runs the nodes from {@code index} (0-based) and the handlers.
     */
    public RunResult resumeFrom(int index, Map<String, Object> details) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("run", id());
        d.put("pid", ProcessHandle.current().pid());
        d.put("host", runInfo.getHost());
        d.put("contentHash", runbook.contentHash());
        if (index < runbook.nodes().size()) d.put("from", runbook.nodes().get(index).name());
        d.putAll(details);
        bus.emit(EVENT_RUN_RESUMED, d);
        journalLocks();
        for (int i = index; i < runbook.nodes().size(); i++) {
            if (!runNode(i)) break;
        }
        return finish();
    }

    /** Journaled when {@code runbook resume} goes on with a run. */
    public static final String EVENT_RUN_RESUMED = "run.resumed";

    /**
     * Resume: the operator says a node whose outcome was unknown did its work. Journaled as finished so the
     * timeline, and any later resume, count it as done.
     */
    public void markDone(String name, String by) {
        StepResult r = results.get(name);
        r.status(StepStatus.OK);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", name);
        d.put("status", StepStatus.OK.label());
        d.put("attempts", r.getAttempts());
        d.put("durationMs", 0L);
        d.put("markedDone", true);
        d.put("by", by);
        bus.emit(EventTypes.STEP_FINISHED, d);
    }

    /** Runs every node in order, then the handlers; returns how it ended. */
    public RunResult runToEnd() {
        start();
        for (int i = 0; i < runbook.nodes().size(); i++) {
            if (!runNode(i)) break;
        }
        return finish();
    }

    /**
     * Runs node {@code index} (0-based) with retries and its handler.
     *
     * @return false when the run must not go on: the node failed without {@code continueOnFailure}, or the
     * operator aborted
     */
    public boolean runNode(int index) {
        if (aborted) return false;
        if (interrupts.get() > 0) {
            aborted = true;
            if (failure == null) failure = new Failure(runbook.nodes().get(index).name(), "stopped by the operator (Ctrl-C) before this step", "aborted", 0);
            return false;
        }
        Node node = runbook.nodes().get(index);
        return switch (node) {
            case Step s -> runStep(s, index);
            case Manual m -> runPrompt(m, index, () -> ask("manual", m.text(), null, index, () -> operator.confirm(m.text()),
                    "the operator did not confirm: " + m.text()));
            case Confirm c -> runPrompt(c, index, () -> ask("confirm", c.word(), null, index, () -> operator.typeWord(c.word(), c.prompt()),
                    "the operator did not type " + c.word()));
            case Gate g -> runControl(g, index, () -> runGate(g, g.name()));
            case Approval a -> runControl(a, index, () -> runInWorker(a.name(), null, null, p -> {
                approvals.await(a, null);
                return null;
            }));
            case Include inc -> runInclude(inc, index);
            case Parallel p -> runParallel(p, index);
            case ForEach f -> runForEach(f, index);
        };
    }

    private volatile RunSession included;

    /** An include: skipped when its {@code when:} is false (journaled with the reason), else run as a sub-run. */
    private boolean runInclude(Include inc, int index) {
        if (inc.when() != null) {
            StepResult r = results.get(inc.name());
            boolean go;
            try {
                go = DefaultTypeTransformation.castToBoolean(runInWorker(inc.name(), null, null, procs -> call(inc.when(), inc.name(), null, null, procs)));
            } catch (StepFailure f) {
                r.status(StepStatus.FAILED);
                r.error(bus.redactor().redact("when: " + f.getMessage()));
                fail(inc.name(), new StepFailure("its when: condition failed: " + f.getMessage(), f.kind()), 0);
                return false;
            }
            if (!go) {
                r.status(StepStatus.SKIPPED);
                bus.emit(EventTypes.STEP_SKIPPED, Map.of("step", inc.name(), "index", index + 1, "of", runbook.nodes().size(),
                        "reason", "when: condition is false"));
                return true;
            }
        }
        return runControl(inc, index, () -> results.get(inc.name()).value(runIncluded(inc)), inc.continueOnFailure());
    }

    /**
     * {@code include}: the included runbook runs as a sub-run of this one, with its own journal (in this run's
     * folder, under includes/), handlers and params, and this run's operator, clock, integrations, team, approvers
     * and listeners. Its failure is this node's failure.
     */
    private RunResult runIncluded(Include inc) {
        Map<String, String> given = new LinkedHashMap<>();
        for (Param p : inc.target().params()) {
            if (inc.with().containsKey(p.name())) {
                Object v = inc.with().get(p.name());
                if (v instanceof Action a) v = runInWorker(inc.name(), null, null, procs -> call(a, inc.name(), null, null, procs));
                if (v != null) given.put(p.name(), String.valueOf(v));
            } else if (params.asMap().get(p.name()) != null) {
                // an optional param this run was not given stays unset, so the included runbook's default applies
                given.put(p.name(), params.asMap().get(p.name()));
            }
        }
        RunOptions sub = new RunOptions(given, runInfo.getSeverity(), options.dryRun(), runInfo.getOperator(),
                runDir().resolve("includes"), options.environment(), options.approvedBy());
        RunSession child;
        try {
            child = RunSession.open(inc.target(), sub, operator, clock, integrations, team);
        } catch (dev.runbook.diag.RunbookProblemsException e) {
            throw new StepFailure(inc.target().name() + " cannot start: " + e.problems().get(0).message(), StepFailure.Kind.ERROR);
        }
        try (child) {
            child.commands = commands;
            bus.listeners().forEach(child::listen);
            bus.emit(EventTypes.INCLUDE_STARTED, Map.of("step", inc.name(), "runbook", inc.target().name(), "run", child.id(),
                    "dir", runDir().relativize(child.runDir()).toString(), "params", given));
            included = child;
            if (interrupts.get() > 0) child.interrupt();
            RunResult r = child.runToEnd();
            if (r.outcome() == Outcome.SUCCEEDED) return r;
            String where = r.failure() == null ? "" : " at '" + r.failure().getStep() + "': " + r.failure().getMessage();
            throw new StepFailure(inc.target().name() + " " + r.outcome().label() + where,
                    r.outcome() == Outcome.ABORTED ? StepFailure.Kind.ABORTED : StepFailure.Kind.ERROR);
        } finally {
            included = null;
        }
    }

    /** Gates and approvals: started, then finished ok or failed (no retries: their waiting is their retry). */
    private boolean runControl(Node node, int index, Runnable body) {
        return runControl(node, index, body, false);
    }

    private boolean runControl(Node node, int index, Runnable body, boolean continueOnFailure) {
        StepResult r = results.get(node.name());
        long t0 = clock.millis();
        r.status(StepStatus.RUNNING);
        r.attempts(1);
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("step", node.name());
        started.put("kind", node.kind());
        started.put("index", index + 1);
        started.put("of", runbook.nodes().size());
        started.put("attempt", 1);
        started.put("attempts", 1);
        if (node instanceof Gate g) {
            started.put("withinMs", g.within().toMillis());
            started.put("everyMs", g.every().toMillis());
            if (g.sustain() != null) started.put("sustainMs", g.sustain().toMillis());
        }
        bus.emit(EventTypes.STEP_STARTED, started);
        StepFailure failed = null;
        try {
            body.run();
        } catch (StepFailure f) {
            failed = f;
        }
        r.duration(Duration.ofMillis(clock.millis() - t0));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", node.name());
        d.put("kind", node.kind());
        d.put("attempts", 1);
        d.put("durationMs", r.getDuration().toMillis());
        if (failed == null) {
            r.status(StepStatus.OK);
            d.put("status", r.getStatus().label());
            bus.emit(EventTypes.STEP_FINISHED, d);
            return true;
        }
        boolean goOn = continueOnFailure && failed.kind() != StepFailure.Kind.ABORTED;
        r.status(goOn ? StepStatus.FAILED_CONTINUED : StepStatus.FAILED);
        r.error(bus.redactor().redact(failed.getMessage()));
        d.put("status", r.getStatus().label());
        d.put("error", failed.getMessage());
        bus.emit(EventTypes.STEP_FINISHED, d);
        if (goOn) return true;
        fail(node.name(), failed, 1);
        return false;
    }

    // ---- fan-out ------------------------------------------------------------------------------------------------

    /**
     * {@code parallel { }}: its steps run at once, each with its own worker, timeout, retries, handler and journal
     * events, exactly as one after the other would. A step that already finished (ok, skipped or failed and continued)
     * is not run again when the block runs again (resume, or the REPL after a failure).
     */
    private boolean runParallel(Parallel p, int index) {
        StepResult r = results.get(p.name());
        long t0 = clock.millis();
        r.status(StepStatus.RUNNING);
        r.attempts(1);
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("step", p.name());
        started.put("kind", p.kind());
        started.put("index", index + 1);
        started.put("of", runbook.nodes().size());
        started.put("attempt", 1);
        started.put("attempts", 1);
        started.put("steps", p.steps().stream().map(Step::name).toList());
        bus.emit(EventTypes.STEP_STARTED, started);
        Map<String, Thread> running = new LinkedHashMap<>();
        for (Step st : p.steps()) {
            StepStatus before = results.get(st.name()).getStatus();
            if (before == StepStatus.OK || before == StepStatus.SKIPPED || before == StepStatus.FAILED_CONTINUED) continue;
            running.put(st.name(), Thread.ofVirtual().name("runbook: " + st.name()).start(() -> runStep(st, index)));
        }
        for (Thread t : running.values()) {
            // Ctrl-C reaches each step's own worker; this thread only waits for all of them
            boolean joined = false;
            while (!joined) {
                try {
                    t.join();
                    joined = true;
                } catch (InterruptedException e) {
                    running.values().forEach(Thread::interrupt);
                }
            }
        }
        r.duration(Duration.ofMillis(clock.millis() - t0));
        java.util.List<String> failed = p.steps().stream().filter(st -> results.get(st.name()).getStatus() == StepStatus.FAILED)
                .map(Step::name).toList();
        boolean continued = p.steps().stream().anyMatch(st -> results.get(st.name()).getStatus() == StepStatus.FAILED_CONTINUED);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", p.name());
        d.put("kind", p.kind());
        d.put("attempts", 1);
        d.put("durationMs", r.getDuration().toMillis());
        if (failed.isEmpty()) {
            r.status(continued ? StepStatus.FAILED_CONTINUED : StepStatus.OK);
            d.put("status", r.getStatus().label());
            if (continued) d.put("error", "a step failed and the block went on (continueOnFailure)");
            bus.emit(EventTypes.STEP_FINISHED, d);
            return true;
        }
        r.status(StepStatus.FAILED);
        String why = (failed.size() == 1 ? "step '" + failed.get(0) + "' failed" : "steps '" + String.join("', '", failed) + "' failed")
                + ": " + results.get(failed.get(0)).getError();
        r.error(why);
        d.put("status", r.getStatus().label());
        d.put("error", why);
        bus.emit(EventTypes.STEP_FINISHED, d);
        // the failing step already recorded itself as the run's failure; this covers a block stopped some other way
        fail(p.name(), new StepFailure(why, StepFailure.Kind.ERROR), 1);
        return false;
    }

    /** A top-level {@code forEach}: resolves its targets, fans out, and fails when a target failed. */
    private boolean runForEach(ForEach f, int index) {
        GroovyObject script = (GroovyObject) f.body().closure().getThisObject();
        StepResult r = results.get(f.name());
        // a fan-out node starts and finishes like a gate: once, its targets being its attempts
        return runControl(f, index, () -> {
            FanOutResults res = (FanOutResults) runInWorker(f.name(), null, null, p -> {
                java.util.List<?> targets = f.targets() != null ? f.targets()
                        : targetList(call(f.targetsBlock(), f.name(), null, null, p), "the targets block of '" + f.name() + "'");
                Map<String, Integer> earlier = targetsDoneEarlier.remove(f.name());
                return fanOut(f.name(), targets, f.options(), f.body().closure(), script, p, earlier == null ? Map.of() : earlier);
            });
            r.value(res);
            if (!res.getFailed().isEmpty()) throw new StepFailure(failedTargets(res), StepFailure.Kind.ERROR);
        }, f.options().continueOnFailure());
    }

    /** "3 of 1000 targets failed (5 not launched); first: web7: command exited 1: ...". */
    static String failedTargets(FanOutResults res) {
        TargetResult first = res.getFailed().get(0);
        int skipped = res.getSkipped().size();
        return res.getFailed().size() + " of " + res.size() + " targets failed" + (skipped > 0 ? " (" + skipped + " not launched)" : "")
                + "; first: " + first.getTarget() + ": " + firstLine(first.getError());
    }

    /** The targets a block returned: a list, an array, or one value; null or nothing is a mistake worth a clear word. */
    static java.util.List<?> targetList(Object value, String what) {
        if (value instanceof Iterable<?> it) {
            java.util.List<Object> l = new java.util.ArrayList<>();
            it.forEach(l::add);
            return l;
        }
        if (value instanceof Object[] arr) return java.util.Arrays.asList(arr);
        if (value == null) throw new StepFailure(what + " returned nothing — return a list, e.g. { params.hosts.split(',') }", StepFailure.Kind.ERROR);
        return java.util.List.of(value);
    }

    /**
     * Runs {@code body} once per target (top-level {@code forEach} and the call inside a step), journaling the start,
     * one compact event per finished target and a summary. Each target gets a scope of its own, whose commands and
     * integration calls are journaled with the target.
     *
     * @param parent the processes of the step (or node) that fans out: its timeout or Ctrl-C kills the targets' too
     */
    FanOutResults fanOut(String step, java.util.List<?> targets, dev.runbook.model.FanOutOptions o, Closure<?> body,
                         GroovyObject script, TrackedProcesses parent) {
        return fanOut(step, targets, o, body, script, parent, Map.of());
    }

    /**
     * @param doneEarlier targets (as {@code String.valueOf}, with how many times) that finished ok before a resume: they
     *                    are not run again, and count as ok in the results, with no value; the events count them as
     *                    {@code doneEarlier}. A target listed twice and ok once runs again once.
     */
    private FanOutResults fanOut(String step, java.util.List<?> targets, dev.runbook.model.FanOutOptions o, Closure<?> body,
                                 GroovyObject script, TrackedProcesses parent, Map<String, Integer> doneEarlier) {
        java.util.List<?> all = targets;
        boolean[] done = new boolean[all.size()];
        if (!doneEarlier.isEmpty()) {
            Map<String, Integer> left = new java.util.HashMap<>(doneEarlier);
            java.util.List<Object> rest = new java.util.ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                String key = String.valueOf(all.get(i));
                int times = left.getOrDefault(key, 0);
                done[i] = times > 0;
                if (done[i]) left.put(key, times - 1);
                else rest.add(all.get(i));
            }
            targets = rest;
        }
        int earlier = all.size() - targets.size();
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("step", step);
        started.put("targets", targets.size());
        if (earlier > 0) started.put("doneEarlier", earlier);
        started.put("concurrency", o.concurrency());
        if (o.maxErrorsText() != null) started.put("maxErrors", o.maxErrorsText());
        if (o.timeout() != null) started.put("timeoutMs", o.timeout().toMillis());
        bus.emit(EventTypes.FANOUT_STARTED, started);
        long t0 = clock.millis();
        int seen = interrupts.get();
        FanOut fan = new FanOut(clock, t -> toFailure(t).getMessage(), () -> interrupts.get() > seen);
        FanOutResults res;
        boolean stopped = false;
        try {
            res = fan.run(targets, o, parent, (target, processes) -> new StepScope(this, step, null, script, processes, target)
                    .evaluate(body, target), new FanOut.Listener() {
                @Override
                public void launched(Object target, int index) {
                    bus.progress(EventTypes.FANOUT_LAUNCHED, Map.of("step", step, "target", String.valueOf(target), "index", index + 1));
                }

                @Override
                public void finished(TargetResult t, int index) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("step", step);
                    d.put("target", String.valueOf(t.getTarget()));
                    d.put("index", index + 1);
                    d.put("status", t.getStatus());
                    d.put("ms", t.getDuration().toMillis());
                    if (t.getError() != null) d.put("error", firstLine(t.getError()));
                    // written at once, made durable with the summary (see StepScope.durable)
                    bus.emit(EventTypes.FANOUT_TARGET, d, false);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            res = fan.lastResults();
            stopped = true;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", step);
        d.put("targets", res.size());
        d.put("ok", res.getOk().size());
        d.put("failed", res.getFailed().size());
        d.put("skipped", res.getSkipped().size());
        d.put("durationMs", clock.millis() - t0);
        res.stream().filter(t -> t.status() != TargetResult.Status.SKIPPED)
                .max(java.util.Comparator.comparing(TargetResult::getDuration))
                .ifPresent(t -> d.put("slowest", Map.of("target", String.valueOf(t.getTarget()), "ms", t.getDuration().toMillis())));
        java.util.List<Map<String, Object>> failures = res.getFailed().stream().limit(FAILURES_IN_SUMMARY)
                .map(t -> Map.<String, Object>of("target", String.valueOf(t.getTarget()), "error", firstLine(t.getError()))).toList();
        if (!failures.isEmpty()) d.put("failures", failures);
        if (!res.getSkipped().isEmpty()) d.put("notLaunched", stopped ? "the run was stopped" : res.getSkipped().get(0).getError());
        if (earlier > 0) d.put("doneEarlier", earlier);
        bus.emit(EventTypes.FANOUT_FINISHED, d);
        if (stopped) throw stopFailure();
        return earlier == 0 ? res : withDoneEarlier(all, res, done);
    }

    /** Every target in its place: those done before the resume as ok, the others as this attempt left them. */
    private static FanOutResults withDoneEarlier(java.util.List<?> all, FanOutResults ran, boolean[] done) {
        java.util.List<TargetResult> merged = new java.util.ArrayList<>(all.size());
        java.util.Iterator<TargetResult> it = ran.iterator();
        for (int i = 0; i < all.size(); i++) merged.add(done[i] ? TargetResult.doneEarlier(all.get(i)) : it.next());
        return new FanOutResults(merged);
    }

    /** The failures a fan-out's summary event lists; the per-target events have them all. */
    static final int FAILURES_IN_SUMMARY = 10;

    /** Runs a gate: the runbook's health check or the gate's own condition, polled on this session's clock. */
    void runGate(Gate g, String label) {
        Action condition = g.usesHealth() ? runbook.health() : g.condition();
        if (condition == null) throw new StepFailure("gate health needs the runbook's health { } check", StepFailure.Kind.ERROR);
        new GateRunner(bus, clock, (c, limit) -> poll(c, label, limit), interrupts::get).run(g, condition, options.dryRun());
    }

    private GateRunner.Poll poll(Action condition, String label, Duration limit) {
        AtomicReference<String> observed = new AtomicReference<>();
        try {
            Object value = runInWorker(label, limit, null, p -> {
                GroovyObject script = (GroovyObject) condition.closure().getThisObject();
                StepScope scope = new StepScope(this, label, null, script, p, null);
                scope.observeInto(observed);
                return scope.evaluate(condition.closure(), null);
            });
            return GateRunner.judge(value, observed.get());
        } catch (StepFailure f) {
            if (f.kind() == StepFailure.Kind.ABORTED) throw f;
            String why = f.kind() == StepFailure.Kind.TIMEOUT ? "no answer within " + Durations.format(limit) : f.getMessage();
            return new GateRunner.Poll(false, why);
        }
    }

    /** {@code requireApproval} inside a step: waits right there. */
    void awaitApproval(Approval a, String step) {
        approvals.await(a, step);
    }

    private boolean runPrompt(Node node, int index, Runnable ask) {
        StepResult r = results.get(node.name());
        long t0 = clock.millis();
        r.status(StepStatus.RUNNING);
        try {
            runInWorker(node.name(), null, null, p -> {
                ask.run();
                return null;
            });
            r.status(StepStatus.OK);
            r.duration(Duration.ofMillis(clock.millis() - t0));
            return true;
        } catch (StepFailure f) {
            r.status(StepStatus.FAILED);
            r.error(bus.redactor().redact(f.getMessage()));
            fail(node.name(), f, 1);
            return false;
        }
    }

    private boolean runStep(Step step, int index) {
        StepResult r = results.get(step.name());
        var o = step.options();
        if (o.when() != null) {
            boolean go;
            try {
                go = DefaultTypeTransformation.castToBoolean(runInWorker(step.name(), null, null,
                        p -> call(o.when(), step.name(), null, null, p)));
            } catch (StepFailure f) {
                r.status(StepStatus.FAILED);
                r.error(bus.redactor().redact("when: " + f.getMessage()));
                emitFinished(step, r, 0, "when: condition failed: " + f.getMessage());
                fail(step.name(), new StepFailure("its when: condition failed: " + f.getMessage(), f.kind()), 0);
                return false;
            }
            if (!go) {
                r.status(StepStatus.SKIPPED);
                bus.emit(EventTypes.STEP_SKIPPED, Map.of("step", step.name(), "index", index + 1, "of", runbook.nodes().size(),
                        "reason", "when: condition is false"));
                return true;
            }
        }
        long t0 = clock.millis();
        r.status(StepStatus.RUNNING);
        StepFailure last = null;
        int attempt = 0;
        while (attempt < o.attempts()) {
            attempt++;
            r.attempts(attempt);
            r.resetOutput();
            Map<String, Object> started = new LinkedHashMap<>();
            started.put("step", step.name());
            started.put("index", index + 1);
            started.put("of", runbook.nodes().size());
            started.put("attempt", attempt);
            started.put("attempts", o.attempts());
            if (o.expected() != null) started.put("expectedMs", o.expected().toMillis());
            if (o.timeout() != null) started.put("timeoutMs", o.timeout().toMillis());
            // written now, fsynced with the step's first action (its command.started, or the sync before an
            // integration call) or its step.finished: one fsync where there were two (EventBus.sync)
            bus.emit(EventTypes.STEP_STARTED, started, false);
            try {
                Object value = runInWorker(step.name(), o.timeout(), o.expected(), p -> call(step.body(), step.name(), r, null, p));
                r.value(value);
                last = null;
                break;
            } catch (StepFailure f) {
                last = f;
                boolean willRetry = attempt < o.attempts() && f.kind() != StepFailure.Kind.ABORTED;
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("step", step.name());
                d.put("attempt", attempt);
                d.put("attempts", o.attempts());
                d.put("kind", kindLabel(f.kind()));
                d.put("error", f.getMessage());
                if (willRetry) d.put("retryInMs", o.backoff().toMillis());
                // counted before the event is shown: a Ctrl-C pressed on seeing it must stop the wait
                int seen = interrupts.get();
                bus.emit(EventTypes.ATTEMPT_FAILED, d);
                if (!willRetry) break;
                try {
                    if (!clock.sleep(o.backoff(), () -> interrupts.get() > seen)) {
                        last = new StepFailure("stopped by the operator (Ctrl-C) while waiting to retry", StepFailure.Kind.ABORTED);
                        break;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        r.duration(Duration.ofMillis(clock.millis() - t0));
        if (last == null) {
            r.status(StepStatus.OK);
            emitFinished(step, r, t0, null);
            return true;
        }
        r.error(bus.redactor().redact(last.getMessage()));
        if (step.onFailure() != null) {
            runHandler("step onFailure", step.onFailure(), step.name(),
                    new Failure(step.name(), bus.redactor().redact(last.getMessage()), kindLabel(last.kind()), attempt));
        }
        if (o.continueOnFailure() && last.kind() != StepFailure.Kind.ABORTED) {
            r.status(StepStatus.FAILED_CONTINUED);
            emitFinished(step, r, t0, last.getMessage());
            return true;
        }
        r.status(StepStatus.FAILED);
        emitFinished(step, r, t0, last.getMessage());
        fail(step.name(), last, attempt);
        return false;
    }

    private void emitFinished(Step step, StepResult r, long t0, String error) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", step.name());
        d.put("status", r.getStatus().label());
        d.put("attempts", r.getAttempts());
        d.put("durationMs", r.getDuration().toMillis());
        if (step.options().expected() != null) d.put("expectedMs", step.options().expected().toMillis());
        if (error != null) d.put("error", error);
        // journaled so that a resumed run gives later steps the same steps['name'].value
        Object v = r.getValue();
        if (v instanceof CharSequence || v instanceof Number || v instanceof Boolean) d.put("value", v instanceof CharSequence ? v.toString() : v);
        else if (v instanceof dev.runbook.model.CommandResult) d.put("valueIsCommand", true);
        bus.emit(EventTypes.STEP_FINISHED, d);
    }

    private synchronized void fail(String node, StepFailure f, int attempts) {
        if (f.kind() == StepFailure.Kind.ABORTED) aborted = true;
        if (failure == null) failure = new Failure(node, bus.redactor().redact(f.getMessage()), kindLabel(f.kind()), attempts);
    }

    /** Runs the runbook's handlers and journals the end of the run. Idempotent. */
    public RunResult finish() {
        if (!finished) {
            finished = true;
            if (handlersWanted && failure != null && runbook.onFailure() != null) {
                runHandler("onFailure", runbook.onFailure(), null, failure);
            }
            if (handlersWanted && runbook.always() != null) runHandler("always", runbook.always(), null, failure);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("outcome", outcome().label());
            d.put("durationMs", clock.millis() - startMillis);
            if (failure != null) {
                d.put("failedStep", failure.getStep());
                d.put("error", failure.getMessage());
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            results.values().forEach(r -> counts.merge(r.getStatus().label(), 1L, Long::sum));
            d.put("counts", counts);
            bus.emit(EventTypes.RUN_FINISHED, d);
            ended = true;
        }
        return new RunResult(id(), outcome(), results, failure, runDir(), Duration.ofMillis(clock.millis() - startMillis));
    }

    /** The failure the run ends with so far; null while nothing failed. */
    Failure failure() {
        return failure;
    }

    public Outcome outcome() {
        if (aborted) return Outcome.ABORTED;
        return failure == null ? Outcome.SUCCEEDED : Outcome.FAILED;
    }

    private void runHandler(String kind, Action handler, String step, Failure f) {
        if (exiting) return; // the process is about to exit (second Ctrl-C, SIGTERM): nothing new starts
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("handler", kind);
        if (step != null) d.put("step", step);
        bus.emit(EventTypes.HANDLER_STARTED, d);
        long t0 = clock.millis();
        String label = step == null ? kind : kind + " of " + step;
        Map<String, Object> done = new LinkedHashMap<>(d);
        try {
            runInWorker(label, null, null, p -> call(handler, label, null, f, p));
            done.put("status", "ok");
        } catch (StepFailure e) {
            done.put("status", "failed");
            done.put("error", e.getMessage());
        }
        done.put("durationMs", clock.millis() - t0);
        bus.emit(EventTypes.HANDLER_FINISHED, done);
    }

    // ---- driven by hand (the REPL) ---------------------------------------------------------------------------------

    /** Masks the run's secrets in text the operator will see (a value printed at the REPL). */
    public String redact(String text) { return bus.redactor().redact(text); }

    /** True once {@link #finish()} has run: the handlers ran and the outcome is journaled. */
    public boolean isFinished() { return finished; }

    /** Journals something the operator did by hand ({@code repl.command}, {@code repl.eval}); secrets are masked. */
    public void record(String type, Map<String, Object> data) {
        bus.emit(type, data);
    }

    /**
     * Changes one param of a run in progress; the new values are checked like the run's first ones.
     *
     * @throws dev.runbook.diag.RunbookProblemsException when the value is not valid (nothing changes)
     */
    public void setParam(String name, String value) {
        Map<String, String> given = new LinkedHashMap<>();
        params.asMap().forEach((k, v) -> { if (v != null) given.put(k, v); });
        given.put(name, value);
        params = new Params(Inputs.resolve(runbook, given, options.environment()).params(), "param");
    }

    /** The operator skips node {@code index}: it counts as skipped, and a failure it had is forgotten (the journal keeps it). */
    public void skipNode(int index, String reason) {
        Node node = runbook.nodes().get(index);
        forget(node);
        results.get(node.name()).status(StepStatus.SKIPPED);
        bus.emit(EventTypes.STEP_SKIPPED, Map.of("step", node.name(), "index", index + 1, "of", runbook.nodes().size(),
                "reason", reason));
    }

    /**
     * The operator takes the run back in hand after a Ctrl-C or a failed node, to retry, skip or go elsewhere: the
     * stop is forgotten, and so is the failure of {@code index} when it is the one that stopped the run.
     */
    public void resume(int index) {
        interrupts.set(0);
        aborted = false;
        if (index >= 0 && index < runbook.nodes().size()) forget(runbook.nodes().get(index));
    }

    private void forget(Node node) {
        if (failure != null && node.name().equals(failure.getStep())) failure = null;
    }

    /** The operator ends the run at {@code node}: it counts as aborted, and the handlers run as after Ctrl-C. */
    public RunResult abort(String node, String why) {
        aborted = true;
        if (failure == null) failure = new Failure(node, why, "aborted", 0);
        return finish();
    }

    /**
     * Ends, as aborted, a run in which no step ran (the REPL was left, or another file loaded, first): its onFailure
     * and always do not run — they answer what the steps did, and nothing was done.
     */
    public RunResult abandon(String why) {
        handlersWanted = false;
        return abort(null, why);
    }

    /**
     * Runs operator code (a line typed at the REPL) with the scope a step gets, on a worker like a step, so that
     * Ctrl-C kills its commands and the prompt comes back.
     *
     * @throws StepFailure with a one-line message when the code fails or is stopped
     */
    public Object evaluate(String label, java.util.function.Function<StepScope, Object> code) {
        return runInWorker(label, null, null, p -> code.apply(new StepScope(this, label, null, null, p, null)));
    }

    // ---- operator ------------------------------------------------------------------------------------------------

    void askManual(String text, String step) {
        ask("manual", text, step, -1, () -> operator.confirm(text), "the operator did not confirm: " + text);
    }

    void askWord(String word, String prompt, String step) {
        ask("confirm", word, step, -1, () -> operator.typeWord(word, prompt), "the operator did not type " + word);
    }

    private void ask(String kind, String text, String step, int index, java.util.function.BooleanSupplier question, String declined) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", kind);
        d.put("text", text);
        if (step != null) d.put("step", step);
        if (index >= 0) {
            d.put("index", index + 1);
            d.put("of", runbook.nodes().size());
        }
        if (options.dryRun()) {
            d.put("dryRun", true);
            bus.emit(EventTypes.OPERATOR_ASKED, d);
            return;
        }
        bus.emit(EventTypes.OPERATOR_ASKED, d);
        boolean yes = question.getAsBoolean();
        Map<String, Object> a = new LinkedHashMap<>(d);
        a.put("answer", yes ? "confirmed" : "declined");
        a.put("by", operator.source().equals("--yes") ? "--yes" : runInfo.getOperator());
        bus.emit(EventTypes.OPERATOR_ANSWERED, a);
        if (!yes) throw new StepFailure(declined, StepFailure.Kind.ABORTED);
    }

    /**
     * Ctrl-C. The first stops the running step (its process tree is killed) and lets the failure path run; the
     * second means "get out now": the run's commands are killed. Both are journaled. The REPL stays up after a
     * second one; {@code runbook exec} and {@code resume} exit at once, and call {@link #interruptToExit} instead.
     *
     * @return how many times the operator has interrupted this run
     */
    public int interrupt() {
        return interrupt(false);
    }

    /**
     * Ctrl-C, from a caller that exits the moment this returns 2 or more. From the second on, the run's journal and
     * console end with the interrupt: the commands are killed after that, and what the run's threads would journal
     * about their end (a handler that failed, the run finished) in the moments before the process is gone is not
     * written, so the journal says the same whichever wins that race.
     */
    public int interruptToExit() {
        return interrupt(true);
    }

    /**
     * The process is being told to end ({@code SIGTERM}: a supervisor, {@code kill}; {@code SIGHUP}: the terminal or
     * the SSH connection went away), and exits when this returns. As for a second Ctrl-C: the journal says so and
     * ends there, and the run's commands, which live in process groups of their own and would outlive the JVM
     * unseen, are killed. Nothing is launched after this.
     */
    public void terminate(String signal) {
        exiting = true;
        interrupts.addAndGet(2); // no step, retry or target starts in the moments that remain
        StepWorker w = workers.stream().findFirst().orElse(null);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("signal", signal);
        d.put("action", "kill the run's commands and exit");
        if (w != null) d.put("during", w.label());
        try {
            if (!ended) bus.emit(EventTypes.RUN_TERMINATED, d); // a finished run (the REPL keeps it) has its end
        } finally {
            stopForExit();
        }
        RunSession sub = included;
        if (sub != null) sub.terminate(signal);
    }

    /**
     * The process exits in a moment: nothing more is journaled or shown, no handler starts, and every command of the
     * run is killed, a command that starts meanwhile too. The run's commands live in process groups of their own,
     * so no terminal signal reaches them, and they would go on running after the JVM is gone.
     */
    private void stopForExit() {
        exiting = true;
        bus.silence();
        allProcesses.killNowAndClose();
    }

    private int interrupt(boolean callerExits) {
        int n = interrupts.incrementAndGet();
        StepWorker w = workers.stream().findFirst().orElse(null);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("count", n);
        String last = callerExits ? EventTypes.INTERRUPT_EXIT : EventTypes.INTERRUPT_KILL_ALL;
        d.put("action", n == 1 ? "stop the current step, run the failure path" : last);
        if (n == 1) d.put("again", last); // what a second Ctrl-C will do, for the console to say
        if (w != null) d.put("during", w.label());
        bus.emit(EventTypes.OPERATOR_INTERRUPT, d);
        if (n >= 2 && callerExits) stopForExit();
        else if (n >= 2) allProcesses.killNow(); // the REPL stays up: the failure path goes on, with its commands
        RunSession sub = included;
        if (sub != null) sub.interrupt(callerExits);
        return n;
    }

    // ---- workers -------------------------------------------------------------------------------------------------

    private Object call(Action action, String label, StepResult result, Failure f, TrackedProcesses processes) {
        GroovyObject script = (GroovyObject) action.closure().getThisObject();
        return new StepScope(this, label, result, script, processes, null).evaluate(action.closure(), f);
    }

    /**
     * Runs {@code body} on a worker thread while this thread watches the clock and the operator: on timeout or
     * Ctrl-C, the worker's processes are killed and the worker is interrupted.
     */
    private Object runInWorker(String label, Duration timeout, Duration expected,
                               java.util.function.Function<TrackedProcesses, Object> body) {
        AtomicReference<Object> value = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        // this worker's own processes: its timeout kills them and nothing that runs beside it (parallel steps)
        TrackedProcesses processes = new TrackedProcesses(allProcesses);
        int seen = interrupts.get();
        StepFailure.Kind stopReason = null;
        long start = clock.millis();
        long stoppedAt = 0;
        boolean warned = false;
        StepWorker t = new StepWorker(label, () -> {
            try {
                value.set(body.apply(processes));
            } catch (Throwable e) {
                error.set(e);
            }
        });
        workers.add(t);
        t.start();
        try {
            while (t.isAlive()) {
                t.join(20);
                long elapsed = clock.millis() - start;
                if (stopReason == null && interrupts.get() > seen) {
                    stopReason = StepFailure.Kind.ABORTED;
                } else if (stopReason == null && timeout != null && elapsed >= timeout.toMillis()) {
                    stopReason = StepFailure.Kind.TIMEOUT;
                }
                if (stopReason != null && stoppedAt == 0) {
                    stoppedAt = System.nanoTime() / 1_000_000;
                    processes.killAll();
                    t.interrupt();
                }
                if (stoppedAt != 0 && System.nanoTime() / 1_000_000 - stoppedAt > ABANDON_AFTER_MS) break;
                if (!warned && expected != null && elapsed > expected.toMillis() && t.isAlive()) {
                    warned = true;
                    bus.emit(EventTypes.STEP_OVERDUE, Map.of("step", label, "expectedMs", expected.toMillis(), "elapsedMs", elapsed));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            processes.killAll();
            t.interrupt();
            throw new StepFailure("interrupted", StepFailure.Kind.ABORTED);
        } finally {
            workers.remove(t);
        }
        // the step may have ended between two looks at the clock: one that took longer than its timeout timed out
        // (on a virtual clock a scripted command moves time at once, so this is where its timeout shows)
        if (stopReason == null && timeout != null && clock.millis() - start >= timeout.toMillis()) stopReason = StepFailure.Kind.TIMEOUT;
        if (stopReason == StepFailure.Kind.TIMEOUT) {
            throw new StepFailure("timed out after " + Durations.format(timeout) + " (its processes were killed)", StepFailure.Kind.TIMEOUT);
        }
        if (stopReason == StepFailure.Kind.ABORTED) {
            throw new StepFailure("stopped by the operator (Ctrl-C)", StepFailure.Kind.ABORTED);
        }
        if (error.get() != null) throw toFailure(error.get());
        return value.get();
    }

    /** Turns whatever a step threw into words for the operator, with the runbook line where it happened. */
    StepFailure toFailure(Throwable t) {
        if (t instanceof StepFailure f) {
            SourcePos pos = f.getStackTrace().length == 0 ? null : runbook.positionIn(f, null);
            return pos == null ? f : new StepFailure(pos + ": " + f.getMessage(), f.kind());
        }
        String call = t instanceof MissingMethodException m ? m.getMethod() : null;
        SourcePos pos = runbook.positionIn(t, call);
        String where = pos == null ? "" : pos + ": ";
        String msg;
        if (t instanceof MissingPropertyException mp) {
            msg = "no property '" + mp.getProperty() + "' on " + (mp.getType() == null ? "this object" : mp.getType().getSimpleName());
        } else if (t instanceof MissingMethodException mm) {
            msg = "no method '" + mm.getMethod() + "' on " + (mm.getType() == null ? "this object" : mm.getType().getSimpleName())
                    + " for these arguments";
        } else if (t instanceof NullPointerException) {
            msg = "a value was null: " + firstLine(t.getMessage());
        } else {
            msg = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()));
        }
        return new StepFailure(where + msg, StepFailure.Kind.ERROR);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String kindLabel(StepFailure.Kind k) {
        return k.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return Files.readString(Path.of("/etc/hostname")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        // a command killed by Ctrl-C may still have lines on their way (its reader runs on): not into a closed journal
        bus.silence();
        try {
            approvals.close();
            journal.close();
        } finally {
            locks.close();
        }
    }
}
