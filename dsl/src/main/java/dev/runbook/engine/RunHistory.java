package dev.runbook.engine;

import dev.runbook.journal.Event;
import dev.runbook.journal.EventTypes;
import dev.runbook.model.CommandResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run's journal says happened, node by node: the replay that {@code resume} starts from. Later events win,
 * so a journal that was already resumed once reads as one run.
 */
public final class RunHistory {
    /** Where a node of the runbook stands after the journal's last event. */
    public enum NodeState {
        /** finished ok, skipped, or failed with continueOnFailure: resume does not run it again */
        DONE,
        /** failed (or was stopped): resume runs it again */
        FAILED,
        /** started, and the journal ends before it finished: the process died while it ran */
        UNKNOWN,
        NOT_STARTED
    }

    /** One node as the journal left it. */
    public record NodeRecord(String name, NodeState state, String status, StepResult result) {}

    private final Event started;
    private final Event finished;
    private final Map<String, NodeRecord> nodes;
    private final Map<String, List<Map<String, Object>>> grants;
    private final Set<String> seenInboxFiles;
    private final Map<String, Map<String, Integer>> fanOutOk;
    private final long lastSeq;
    /** The severity a step set last ({@code run.severity = P1}); null: the one the run started with. */
    private String severitySet;

    private RunHistory(Event started, Event finished, Map<String, NodeRecord> nodes, Map<String, List<Map<String, Object>>> grants,
                       Set<String> seenInboxFiles, Map<String, Map<String, Integer>> fanOutOk, long lastSeq) {
        this.started = started;
        this.fanOutOk = fanOutOk;
        this.finished = finished;
        this.nodes = nodes;
        this.grants = grants;
        this.seenInboxFiles = seenInboxFiles;
        this.lastSeq = lastSeq;
    }

    /** Replays the events of one run; throws {@link IllegalArgumentException} when they do not start with run.started. */
    @SuppressWarnings("unchecked")
    public static RunHistory of(List<Event> events) {
        if (events.isEmpty() || !events.get(0).type().equals(EventTypes.RUN_STARTED)) {
            throw new IllegalArgumentException("the journal does not begin with run.started");
        }
        Event start = events.get(0);
        List<String> names = (List<String>) start.get("nodes");
        Map<String, Builder> b = new LinkedHashMap<>();
        for (String n : names) b.put(n, new Builder());
        // the steps of parallel blocks are followed like nodes: a re-run block skips those that finished
        if (start.get("parallelSteps") instanceof Map<?, ?> inner) {
            inner.values().forEach(list -> ((List<String>) list).forEach(n -> b.putIfAbsent(n, new Builder())));
        }
        Map<String, List<Map<String, Object>>> grants = new LinkedHashMap<>();
        Set<String> refs = new HashSet<>();
        Map<String, Map<String, Integer>> fanOutOk = new LinkedHashMap<>();
        Event finished = null;
        String severity = null;
        for (Event e : events) {
            String step = e.str("step");
            // what one target of a forEach did is not the output of the node
            Builder node = step == null || e.get("fanOutTarget") != null ? null : b.get(step);
            switch (e.type()) {
                case EventTypes.RUN_FINISHED -> finished = e;
                case EventTypes.SEVERITY_CHANGED -> severity = e.str("severity");
                case "run.resumed" -> finished = null;
                case EventTypes.STEP_STARTED -> {
                    if (node == null) break;
                    node.state = NodeState.UNKNOWN;
                    node.status = "running";
                    node.stdout.setLength(0);
                    node.exitCode = 0;
                    node.lastCommand = null;
                    node.attempts = (int) e.num("attempt");
                }
                case EventTypes.STEP_OUTPUT -> {
                    // runners name the stream "out" (CommandRunner); "stdout" is kept for journals written before that
                    String stream = e.str("stream");
                    if (node != null && ("out".equals(stream) || "stdout".equals(stream))) node.stdout.append(e.str("line")).append('\n');
                }
                case EventTypes.COMMAND_FINISHED -> {
                    if (node == null) break;
                    node.exitCode = (int) e.num("exitCode");
                    node.lastCommand = e.str("command");
                }
                case EventTypes.STEP_SKIPPED -> {
                    if (node == null) break;
                    node.state = NodeState.DONE;
                    node.status = StepStatus.SKIPPED.label();
                }
                case EventTypes.STEP_FINISHED -> {
                    if (node == null) break;
                    node.status = e.str("status");
                    node.state = StepStatus.FAILED.label().equals(node.status) ? NodeState.FAILED : NodeState.DONE;
                    node.attempts = (int) e.num("attempts");
                    node.durationMs = e.num("durationMs");
                    node.error = e.str("error");
                    node.value = e.get("value");
                    node.valueIsCommand = Boolean.TRUE.equals(e.get("valueIsCommand"));
                }
                case EventTypes.OPERATOR_ASKED, EventTypes.OPERATOR_ANSWERED -> {
                    // a top-level manual or confirm: the event names its place, not a step
                    if (step != null || e.get("index") == null) break;
                    int i = (int) e.num("index") - 1;
                    if (i < 0 || i >= names.size()) break;
                    Builder prompt = b.get(names.get(i));
                    if (e.type().equals(EventTypes.OPERATOR_ASKED)) {
                        prompt.state = NodeState.UNKNOWN;
                        prompt.status = "asked";
                    } else {
                        boolean yes = "confirmed".equals(e.str("answer"));
                        prompt.state = yes ? NodeState.DONE : NodeState.FAILED;
                        prompt.status = yes ? StepStatus.OK.label() : StepStatus.FAILED.label();
                    }
                }
                case EventTypes.FANOUT_TARGET -> {
                    // every attempt's: an attempt after a resume runs only the targets that were not ok before
                    if (step != null && TargetResult.Status.OK.label().equals(e.str("status"))) {
                        // counted: a target listed twice (the same host, two slots) is two targets
                        fanOutOk.computeIfAbsent(step, k -> new LinkedHashMap<>()).merge(e.str("target"), 1, Integer::sum);
                    }
                }
                case EventTypes.APPROVAL_GRANTED -> {
                    grants.computeIfAbsent(e.str("approval"), k -> new ArrayList<>()).add(e.data());
                    if (e.str("ref") != null) refs.add(e.str("ref"));
                }
                case EventTypes.APPROVAL_REFUSED, EventTypes.APPROVAL_DENIED -> {
                    if (e.str("ref") != null) refs.add(e.str("ref"));
                }
                default -> { }
            }
        }
        if (finished != null) {
            // the run ended on its own: a node it left "running" was stopped with it
            for (Builder n : b.values()) if (n.state == NodeState.UNKNOWN) n.state = NodeState.FAILED;
        }
        Map<String, NodeRecord> nodes = new LinkedHashMap<>();
        b.forEach((name, n) -> nodes.put(name, new NodeRecord(name, n.state, n.status, n.toResult())));
        RunHistory h = new RunHistory(start, finished, nodes, grants, refs, fanOutOk, events.get(events.size() - 1).seq());
        h.severitySet = severity;
        return h;
    }

    public String runId() { return started.str("run"); }
    public String runbookName() { return started.str("runbook"); }
    public String file() { return started.str("file"); }
    public String contentHash() { return started.str("contentHash"); }
    /** The run's severity when it stopped: the one it started with, or the one a step set last. */
    public String severity() { return severitySet != null ? severitySet : started.str("severity"); }
    public String operator() { return started.str("operator"); }
    /** The folder the run was started in: a relative runbook path is relative to it. */
    public String cwd() { return started.str("cwd"); }
    public Instant startedAt() { return started.at(); }
    public long lastSeq() { return lastSeq; }
    public boolean dryRun() { return Boolean.TRUE.equals(started.get("dryRun")); }

    /** The params the run was started with, as given (secrets are never among them). */
    public Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        if (started.get("params") instanceof Map<?, ?> m) m.forEach((k, v) -> p.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        return p;
    }

    /** The node names in the order the run had them. */
    public List<String> nodeNames() { return List.copyOf(nodes.keySet()); }

    public Map<String, NodeRecord> nodes() { return nodes; }

    /** null while the run has not finished (or was resumed and has not finished since). */
    public String outcome() { return finished == null ? null : finished.str("outcome"); }

    /** Approvers already granted, per approval point: {@code by}, {@code roles}, {@code source}. */
    public Map<String, List<Map<String, Object>>> grants() { return grants; }

    Set<String> seenInboxFiles() { return seenInboxFiles; }

    /**
     * The targets of fan-out {@code node} that finished ok in this run (as {@code String.valueOf(target)}, each with how
     * many times: a target listed twice counts twice), when the node itself did not finish or failed: a resume runs it
     * again for the others only. Empty for a node that is done, which runs again only when the operator asks for it
     * ({@code --from}), and then whole.
     */
    public Map<String, Integer> targetsDoneEarlier(String node) {
        NodeRecord r = nodes.get(node);
        if (r == null || r.state() == NodeState.DONE) return Map.of();
        return Map.copyOf(fanOutOk.getOrDefault(node, Map.of()));
    }

    /** How many of fan-out {@code node}'s targets a resume will not run again ({@link #targetsDoneEarlier}, counted). */
    public int countDoneEarlier(String node) {
        return targetsDoneEarlier(node).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The 0-based index of the first node that is not done, or -1 when every node is done. */
    public int firstIncomplete() {
        int i = 0;
        for (NodeRecord n : nodes.values()) {
            if (n.state() != NodeState.DONE) return i;
            i++;
        }
        return -1;
    }

    private static final class Builder {
        NodeState state = NodeState.NOT_STARTED;
        String status = StepStatus.PENDING.label();
        int attempts;
        long durationMs;
        String error;
        Object value;
        boolean valueIsCommand;
        int exitCode;
        String lastCommand;
        final StringBuilder stdout = new StringBuilder();

        StepResult toResult() {
            StepResult r = new StepResult();
            r.status(switch (state) {
                case DONE -> java.util.Arrays.stream(StepStatus.values()).filter(s -> s.label().equals(status)).findFirst().orElse(StepStatus.OK);
                case FAILED -> StepStatus.FAILED;
                default -> StepStatus.PENDING;
            });
            r.attempts(attempts);
            r.duration(Duration.ofMillis(durationMs));
            r.error(error);
            r.exitCode(exitCode);
            r.appendStdout(stdout.toString());
            r.value(valueIsCommand && lastCommand != null ? new CommandResult(lastCommand, exitCode, stdout.toString(), "") : value);
            return r;
        }
    }
}
