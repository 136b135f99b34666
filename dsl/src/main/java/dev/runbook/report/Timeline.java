package dev.runbook.report;

import dev.runbook.journal.Event;
import dev.runbook.journal.EventTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run told for people, built from its journal: who ran what, at which severity, and one entry per step, gate,
 * approval, manual action, handler, interruption, resume and REPL command, with times and durations. {@code show},
 * the markdown report and the HTML report all read this.
 */
public final class Timeline {
    /** One thing on the timeline. {@code durationMs} and {@code expectedMs} are null when they do not apply. */
    public record Entry(Instant at, String kind, String name, String status, Long durationMs, Long expectedMs, String detail) {
        public boolean overdue() {
            return durationMs != null && expectedMs != null && durationMs > expectedMs;
        }
    }

    /** What the handlers did after a failure (or at the end). */
    public record Handler(String kind, String step, String status, String error) {}

    private final Map<String, Object> started;
    private final Instant startedAt;
    private final List<Entry> entries;
    private final List<String> approvers;
    private final List<Handler> handlers;
    private final List<String> nodes;
    private final String outcome;
    private final Instant endedAt;
    private final String failedStep;
    private final String error;

    private Timeline(Map<String, Object> started, Instant startedAt, List<Entry> entries, List<String> approvers, List<Handler> handlers,
                     List<String> nodes, String outcome, Instant endedAt, String failedStep, String error) {
        this.started = started;
        this.startedAt = startedAt;
        this.entries = entries;
        this.approvers = approvers;
        this.handlers = handlers;
        this.nodes = nodes;
        this.outcome = outcome;
        this.endedAt = endedAt;
        this.failedStep = failedStep;
        this.error = error;
    }

    /**
     * Reads a run's events. {@code outcomeIfRunning} names the outcome of a run that has not journaled its end yet
     * (a report written from its own {@code always { }}); null means "running" (or "crashed" when told so).
     */
    public static Timeline of(List<Event> events, String outcomeIfRunning) {
        return of(events, outcomeIfRunning, null, null);
    }

    /** As above, for a report written while the run ends: the failure it has so far, not journaled until run.finished. */
    @SuppressWarnings("unchecked")
    public static Timeline of(List<Event> events, String outcomeIfRunning, String failedStepIfRunning, String errorIfRunning) {
        if (events.isEmpty() || !events.get(0).type().equals(EventTypes.RUN_STARTED)) {
            throw new IllegalArgumentException("the journal does not begin with run.started");
        }
        Event first = events.get(0);
        List<String> nodes = first.get("nodes") instanceof List<?> l ? (List<String>) l : List.of();
        List<Entry> entries = new ArrayList<>();
        Set<String> approvers = new LinkedHashSet<>();
        List<Handler> handlers = new ArrayList<>();
        Map<String, Event> open = new LinkedHashMap<>(); // started, not finished yet: key kind + name
        String outcome = null;
        Instant endedAt = null;
        String failedStep = null;
        String error = null;
        Map<String, String> fanOuts = new LinkedHashMap<>(); // step → "1000 targets: 998 ok, 2 failed, 0 not launched"
        Set<String> handlerLabels = new java.util.HashSet<>(); // the handlers running now, as their commands name them
        for (Event e : events) {
            String step = e.str("step");
            switch (e.type()) {
                case EventTypes.STEP_STARTED -> open.putIfAbsent("node:" + step, e);
                case EventTypes.STEP_FINISHED -> {
                    Event s = open.remove("node:" + step);
                    Instant at = s != null ? s.at() : e.at();
                    String kind = e.str("kind") != null ? e.str("kind") : "step";
                    Long expected = e.get("expectedMs") != null ? Long.valueOf(e.num("expectedMs")) : s != null && s.get("expectedMs") != null ? Long.valueOf(s.num("expectedMs")) : null;
                    String detail = Boolean.TRUE.equals(e.get("markedDone")) ? "marked done on resume by " + e.str("by")
                            : e.str("error") != null ? e.str("error")
                            : e.num("attempts") > 1 ? e.num("attempts") + " attempts" : fanOuts.get(step);
                    Long took = Boolean.TRUE.equals(e.get("markedDone")) ? null : Long.valueOf(e.num("durationMs"));
                    entries.add(new Entry(at, kind, step, e.str("status"), took, expected, detail));
                }
                case EventTypes.FANOUT_FINISHED -> fanOuts.put(step, e.num("targets") + " targets: " + e.num("ok") + " ok, "
                        + e.num("failed") + " failed, " + e.num("skipped") + " not launched"
                        + (e.num("doneEarlier") > 0 ? ", " + e.num("doneEarlier") + " done before the resume" : ""));
                case EventTypes.STEP_SKIPPED -> entries.add(new Entry(e.at(), "step", step, "skipped", null, null, e.str("reason")));
                case EventTypes.OPERATOR_ASKED -> open.put("ask:" + step + ":" + e.str("text"), e);
                case EventTypes.OPERATOR_ANSWERED -> {
                    Event s = open.remove("ask:" + step + ":" + e.str("text"));
                    Instant at = s != null ? s.at() : e.at();
                    // a top-level confirm or manual is a node of its own: its entry carries the node's name, so it is
                    // listed once, not again as "not run"
                    int index = e.get("index") != null ? (int) e.num("index") : 0;
                    String name = step == null && index >= 1 && index <= nodes.size() ? nodes.get(index - 1) : e.str("text");
                    entries.add(new Entry(at, e.str("kind"), name, e.str("answer"), e.at().toEpochMilli() - at.toEpochMilli(), null,
                            "by " + e.str("by") + (step != null ? " (in step " + step + ")" : "")));
                }
                case EventTypes.APPROVAL_GRANTED -> {
                    approvers.add(e.str("by"));
                    entries.add(new Entry(e.at(), "approval", e.str("approval"), "granted", null, null,
                            "by " + e.str("by") + " " + e.get("roles") + " via " + e.str("source") + " (" + dev.runbook.console.Verification.describe(e) + ")"));
                }
                case EventTypes.APPROVAL_DENIED -> entries.add(new Entry(e.at(), "approval", e.str("approval"), "denied", null, null,
                        "by " + e.str("by") + (e.str("reason") != null ? ": " + e.str("reason") : "")));
                case EventTypes.APPROVAL_WAIVED -> entries.add(new Entry(e.at(), "approval", e.str("approval"), "waived", null, null, e.str("why")));
                case EventTypes.APPROVAL_REFUSED -> entries.add(new Entry(e.at(), "approval", e.str("approval"), "refused", null, null, e.str("why")));
                case EventTypes.APPROVAL_OBJECTED -> entries.add(new Entry(e.at(), "approval", e.str("approval"), "objection", null, null,
                        "from " + e.str("by") + (e.str("reason") != null ? ": " + e.str("reason") : "") + " (not counted: " + e.str("why") + ")"));
                case EventTypes.APPROVAL_NOT_WAIVED -> entries.add(new Entry(e.at(), "approval", e.str("approval"), "not waived", null, null, e.str("why")));
                case EventTypes.SEVERITY_DECLARED -> entries.add(new Entry(e.at(), "severity", e.str("severity"), "declared", null, null,
                        "by " + e.str("by") + " (OS user " + e.str("osUser") + ") with " + e.str("source")));
                case EventTypes.SEVERITY_CHANGED -> entries.add(new Entry(e.at(), "severity", e.str("severity"), "set", null, null,
                        "from " + e.str("from") + (step != null ? " in step " + step : "")));
                case EventTypes.HANDLER_STARTED -> {
                    open.put("handler:" + e.str("handler") + ":" + step, e);
                    handlerLabels.add(step == null ? e.str("handler") : e.str("handler") + " of " + step);
                }
                case EventTypes.STEP_LOG -> entries.add(new Entry(e.at(), "log", step, "» " + e.str("text"), null, null, null));
                case EventTypes.COMMAND_FINISHED -> {
                    // what a handler did: its commands (a step's own show in its output and its status)
                    if (handlerLabels.contains(step)) {
                        entries.add(new Entry(e.at(), "command", step, e.get("exitCode") == null ? "" : "exit " + e.num("exitCode"),
                                e.get("durationMs") == null ? null : Long.valueOf(e.num("durationMs")), null, e.str("command")));
                    }
                }
                case EventTypes.HANDLER_FINISHED -> {
                    handlerLabels.remove(step == null ? e.str("handler") : e.str("handler") + " of " + step);
                    Event s = open.remove("handler:" + e.str("handler") + ":" + step);
                    String name = e.str("handler") + (step != null ? " of " + step : "");
                    entries.add(new Entry(s != null ? s.at() : e.at(), "handler", name, e.str("status"), e.num("durationMs"), null, e.str("error")));
                    handlers.add(new Handler(e.str("handler"), step, e.str("status"), e.str("error")));
                }
                case EventTypes.OPERATOR_INTERRUPT -> entries.add(new Entry(e.at(), "interrupt", "Ctrl-C", "#" + e.num("count"), null, null,
                        e.str("action") + (e.str("during") != null ? " (during " + e.str("during") + ")" : "")));
                case EventTypes.RUN_TERMINATED -> entries.add(new Entry(e.at(), "signal", e.str("signal"), "", null, null,
                        e.str("action") + (e.str("during") != null ? " (during " + e.str("during") + ")" : "")));
                case "run.resumed" -> {
                    closeUnknown(open, entries, "outcome unknown (the process stopped)");
                    outcome = null;
                    endedAt = null;
                    entries.add(new Entry(e.at(), "resume", "resumed", "", null, null,
                            "by " + e.str("by") + (e.str("from") != null ? ", from " + e.str("from") : "")
                                    + (e.str("decision") != null ? "; " + e.str("decision") : "")));
                }
                case EventTypes.RUN_FINISHED -> {
                    outcome = e.str("outcome");
                    endedAt = e.at();
                    failedStep = e.str("failedStep");
                    error = e.str("error");
                }
                default -> {
                    if (e.type().startsWith("repl.")) {
                        String name = e.str("command") != null ? e.str("command") : e.type().substring("repl.".length());
                        entries.add(new Entry(e.at(), "repl", name, e.str("status") != null ? e.str("status") : "",
                                e.get("durationMs") != null ? e.num("durationMs") : null, null, e.str("result")));
                    }
                }
            }
        }
        if (outcome == null && !open.isEmpty()) {
            closeUnknown(open, entries, outcomeIfRunning == null ? "running, or the process stopped" : "running");
        }
        if (outcome == null && outcomeIfRunning != null) {
            outcome = outcomeIfRunning;
            failedStep = failedStepIfRunning;
            error = errorIfRunning;
        }
        entries.sort(java.util.Comparator.comparing(Entry::at));
        // the nodes the run never reached, so the timeline shows the whole runbook
        List<String> kinds = first.get("kinds") instanceof List<?> k ? (List<String>) k : List.of();
        Instant last = endedAt != null ? endedAt : entries.isEmpty() ? first.at() : entries.get(entries.size() - 1).at();
        for (int i = 0; i < nodes.size(); i++) {
            String name = nodes.get(i);
            String kind = i < kinds.size() ? kinds.get(i) : "step";
            boolean reached = entries.stream().anyMatch(en -> name.equals(en.name()));
            if (!reached) entries.add(new Entry(last, kind, name, "not run", null, null, null));
        }
        return new Timeline(first.data(), first.at(), List.copyOf(entries), List.copyOf(approvers), List.copyOf(handlers), nodes,
                outcome, endedAt, failedStep, error);
    }

    private static void closeUnknown(Map<String, Event> open, List<Entry> entries, String detail) {
        for (Event s : open.values()) {
            if (s.type().equals(EventTypes.STEP_STARTED)) {
                entries.add(new Entry(s.at(), s.str("kind") != null ? s.str("kind") : "step", s.str("step"), "unknown", null,
                        s.get("expectedMs") != null ? s.num("expectedMs") : null, detail));
            }
        }
        open.clear();
    }

    public String runId() { return str("run"); }
    public String runbook() { return str("runbook"); }
    public String title() { return str("title"); }
    public String file() { return str("file"); }
    public String severity() { return str("severity"); }
    public String operator() { return str("operator"); }
    public String host() { return str("host"); }
    /** The OS user the run's process ran as (null in journals written before it was recorded). */
    public String osUser() { return str("osUser"); }

    /**
     * The claimed operator beside who really ran the process: "alice (OS user root on host web-1)". Journals written
     * before the OS user was recorded give the name alone.
     */
    public String operatorAndOsUser() {
        return osUser() == null ? operator() : operator() + " (OS user " + osUser() + " on host " + host() + ")";
    }
    public boolean dryRun() { return Boolean.TRUE.equals(started.get("dryRun")); }
    public Instant startedAt() { return startedAt; }
    /** null while the run has not finished. */
    public Instant endedAt() { return endedAt; }
    /** "succeeded", "failed", "aborted", or null while running / after a crash. */
    public String outcome() { return outcome; }
    public String failedStep() { return failedStep; }
    public String error() { return error; }
    public List<Entry> entries() { return entries; }
    public List<String> approvers() { return approvers; }
    public List<Handler> handlers() { return handlers; }
    /** The runbook's nodes in order, as the run had them. */
    public List<String> nodes() { return nodes; }

    @SuppressWarnings("unchecked")
    public Map<String, Object> params() {
        return started.get("params") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** From the start to the end, or to the last entry of a run that has not ended. */
    public Duration duration() {
        Instant end = endedAt;
        if (end == null) {
            end = startedAt;
            for (Entry e : entries) {
                Instant t = e.durationMs() == null ? e.at() : e.at().plusMillis(e.durationMs());
                if (t.isAfter(end)) end = t;
            }
        }
        return Duration.between(startedAt, end);
    }

    private String str(String key) {
        Object v = started.get(key);
        return v == null ? null : v.toString();
    }
}
