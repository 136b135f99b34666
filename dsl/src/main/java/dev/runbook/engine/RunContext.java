package dev.runbook.engine;

import dev.runbook.journal.HeldLocks;
import dev.runbook.journal.Journal;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Runbook;
import dev.runbook.model.Team;

import java.nio.file.Path;
import java.util.Map;

/**
 * What every room of a run reads: the runbook, how it runs, where it is journaled, its results so far, and the rooms
 * that several others use (its state, Ctrl-C, the workers, the handlers, the operator's questions, approvals,
 * fan-outs). {@link RunOpening} makes one per run; the conductor ({@link RunSession}) hands it to the node runners,
 * and a {@link StepScope} reads the run through it.
 *
 * <p>Nothing here runs a node: a room that needs another room's work asks that room.
 */
final class RunContext {
    private final Runbook runbook;
    private final RunOptions options;
    private final Operator operator;
    private final Clock clock;
    private final RunStore store;
    private final HeldLocks locks;
    private final Journal journal;
    private final EventBus bus;
    private final Integrations integrations;
    private final Team team;
    private final RunInfo runInfo;
    private final Params secrets;
    private final Path workingDir;
    private final Map<String, StepResult> results;
    /** A resumed run's duration counts from its first start. */
    private final long startMillis;
    /** Replaced, never mutated, when the operator changes a param at the REPL. */
    private volatile Params params;
    /** Null: bash. The runbook test harness answers {@code sh} from a script instead. */
    private volatile CommandRunner commands;

    final RunState state = new RunState();
    final Interrupts interrupts = new Interrupts(this);
    final Workers workers = new Workers(this);
    final HandlerRun handlers = new HandlerRun(this);
    final OperatorQuestions questions = new OperatorQuestions(this);
    final Conditions conditions = new Conditions(this);
    /** In a dry run: what the integrations' calls would have made (files, databases), for later reads of them. */
    final java.util.Set<String> wouldBe = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final FanOutRun fanOuts = new FanOutRun(this);
    final ApprovalDesk approvals;

    RunContext(Runbook runbook, RunOptions options, Operator operator, Clock clock, RunStore store, HeldLocks locks,
               Journal journal, EventBus bus, Integrations integrations, Team team, RunInfo runInfo, Params params,
               Params secrets, Map<String, StepResult> results, long startMillis) {
        this.runbook = runbook;
        this.options = options;
        this.operator = operator;
        this.clock = clock;
        this.store = store;
        this.locks = locks;
        this.journal = journal;
        this.bus = bus;
        this.integrations = integrations;
        this.team = team;
        this.runInfo = runInfo;
        this.params = params;
        this.secrets = secrets;
        this.results = results;
        this.startMillis = startMillis;
        this.workingDir = Path.of("").toAbsolutePath();
        this.approvals = new ApprovalDesk(this, team, options.approvedBy(), operator);
    }

    String id() { return runInfo.getId(); }
    Runbook runbook() { return runbook; }
    RunOptions options() { return options; }
    Operator operator() { return operator; }
    Clock clock() { return clock; }
    RunStore store() { return store; }
    HeldLocks locks() { return locks; }
    Journal journal() { return journal; }
    EventBus bus() { return bus; }
    Integrations integrations() { return integrations; }
    Team team() { return team; }
    RunInfo runInfo() { return runInfo; }
    Params params() { return params; }
    void params(Params changed) { this.params = changed; }

    /** The operator changes one param (the REPL): all values are checked again as at the start; nothing changes if not. */
    void setParam(String name, String value) {
        Map<String, String> given = new java.util.LinkedHashMap<>();
        params.asMap().forEach((k, v) -> { if (v != null) given.put(k, v); });
        given.put(name, value);
        params = new Params(Inputs.resolve(runbook, given, environment()).params(), "param");
    }
    Params secrets() { return secrets; }
    Map<String, StepResult> stepResults() { return results; }
    StepResult result(String node) { return results.get(node); }
    long startMillis() { return startMillis; }
    Path runDir() { return journal.dir(); }
    Path workingDir() { return workingDir; }
    Map<String, String> environment() { return options.environment(); }
    boolean dryRun() { return options.dryRun(); }
    int size() { return runbook.nodes().size(); }
    CommandRunner commands() { return commands; }
    void commands(CommandRunner runner) { this.commands = runner; }

    Path runbookDir() {
        Path parent = Path.of(runbook.source()).toAbsolutePath().getParent();
        return parent == null ? workingDir : parent;
    }

    String redact(String text) { return bus.redactor().redact(text); }

    // ---- what a step's scope asks of the run, answered by the room that owns it -----------------------------------

    int interruptCount() { return interrupts.count(); }

    /** Who stopped the run: "the operator (Ctrl-C)" or the signal that ends the process ("SIGTERM"). */
    String stoppedBy() { return interrupts.stoppedBy(); }
    StepFailure stopFailure() { return interrupts.stopFailure(); }
    TrackedProcesses allProcesses() { return workers.allProcesses(); }
    Failure failure() { return state.failure(); }
    Outcome outcome() { return state.outcome(); }
    void askManual(String text, String step) { questions.askManual(text, step); }
    void askWord(String word, String prompt, String step) { questions.askWord(word, prompt, step); }
    void awaitApproval(dev.runbook.model.Approval a, String step) { approvals.await(a, step); }
}
