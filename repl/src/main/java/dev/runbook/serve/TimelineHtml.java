package dev.runbook.serve;

import dev.runbook.console.Verification;
import dev.runbook.journal.Event;
import dev.runbook.journal.EventTypes;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's journal as the live part of its page: its state, the approval it waits for, and one line per event
 * (steps, commands and their output, gates, approvals and how each approver was verified, handlers). Rendered on
 * the server and escaped here, so the browser only swaps in finished HTML and never builds markup from run text.
 */
final class TimelineHtml {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    /** Output lines shown per run; the incident report has them all. */
    static final int OUTPUT_LINES = 400;

    private TimelineHtml() {}

    static String render(RunSummary run, List<Event> events) {
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"state s-").append(cssWord(run.state())).append("\" id=\"state\">").append(Html.esc(run.state())).append("</p>");
        run.waiting().filter(w -> run.waitingForApproval()).ifPresent(w -> b.append("<p class=\"waiting\" id=\"waiting\">Waiting for approval <b>")
                .append(Html.esc(w.str("approval"))).append("</b>: needs ").append(Html.esc(w.str("needs")))
                .append(w.str("reason") == null ? "" : " — " + Html.esc(w.str("reason"))).append("</p>"));
        long outputs = events.stream().filter(e -> e.type().equals(EventTypes.STEP_OUTPUT)).count();
        long skip = Math.max(0, outputs - OUTPUT_LINES);
        b.append("<ol class=\"timeline\" id=\"timeline\">");
        List<String> pre = new ArrayList<>();
        for (Event e : events) {
            if (e.type().equals(EventTypes.STEP_OUTPUT)) {
                if (skip > 0) {
                    if (--skip == 0) pre.add("… " + (outputs - OUTPUT_LINES) + " earlier lines: see the report");
                    continue;
                }
                pre.add(str(e, "line", "text"));
                continue;
            }
            flush(b, pre);
            String row = row(e);
            if (row == null) continue;
            b.append("<li class=\"ev ").append(cssWord(e.type())).append("\"><time>").append(TIME.format(e.at())).append("</time> ")
                    .append(row).append("</li>");
        }
        flush(b, pre);
        b.append("</ol>");
        return b.toString();
    }

    private static void flush(StringBuilder b, List<String> pre) {
        if (pre.isEmpty()) return;
        b.append("<li class=\"ev output\"><pre>");
        for (String line : pre) b.append(Html.esc(line)).append('\n');
        b.append("</pre></li>");
        pre.clear();
    }

    /** One event in words, escaped; null for events a person need not see. */
    private static String row(Event e) {
        Map<String, Object> d = e.data();
        return switch (e.type()) {
            case EventTypes.RUN_STARTED -> "<b>started</b> " + Html.esc(d.get("runbook")) + " by " + Html.esc(d.get("operator"))
                    + (d.get("params") instanceof Map<?, ?> p && !p.isEmpty() ? " <span class=\"params\">" + Html.esc(p) + "</span>" : "");
            case EventTypes.STEP_STARTED -> "<b>step</b> " + Html.esc(d.get("step"));
            case EventTypes.STEP_FINISHED -> "<b>step " + Html.esc(d.get("status")) + "</b> " + Html.esc(d.get("step"))
                    + (d.get("error") == null ? "" : ": " + Html.esc(d.get("error")));
            case EventTypes.STEP_SKIPPED -> "<b>skipped</b> " + Html.esc(d.get("step"));
            case EventTypes.COMMAND_STARTED -> "<code>$ " + Html.esc(str(e, "command", "cmd")) + "</code>";
            case EventTypes.COMMAND_FINISHED -> "exit " + Html.esc(d.get("exitCode") == null ? d.get("exit") : d.get("exitCode"));
            case EventTypes.STEP_LOG -> Html.esc(str(e, "message", "text"));
            case EventTypes.ATTEMPT_FAILED -> "<b>attempt failed</b> " + Html.esc(d.get("step")) + ": " + Html.esc(d.get("error"));
            case EventTypes.GATE_POLL -> "<b>gate</b> " + Html.esc(d.get("gate")) + (Boolean.TRUE.equals(d.get("ok")) ? " ok" : " not yet")
                    + (d.get("observation") == null ? "" : ": " + Html.esc(d.get("observation")));
            case EventTypes.GATE_PROGRESS -> null;
            case EventTypes.APPROVAL_REQUESTED -> "<b>approval asked</b> " + Html.esc(d.get("approval")) + ": needs " + Html.esc(d.get("needs"));
            case EventTypes.APPROVAL_GRANTED -> "<b class=\"ok\">approved by " + Html.esc(d.get("by")) + "</b> ("
                    + Html.esc(roles(d.get("roles")) + Verification.describe(e)) + ")";
            case EventTypes.APPROVAL_DENIED -> "<b class=\"bad\">denied by " + Html.esc(d.get("by")) + "</b>"
                    + (d.get("verification") == null ? "" : " (" + Html.esc(roles(d.get("roles")) + Verification.describe(e)) + ")")
                    + (d.get("reason") == null ? "" : ": " + Html.esc(d.get("reason")));
            case EventTypes.APPROVAL_REFUSED -> "<b class=\"bad\">not accepted</b> " + Html.esc(d.get("by")) + ": " + Html.esc(d.get("why"));
            case EventTypes.APPROVAL_OBJECTED -> "<b>objection</b> " + Html.esc(d.get("by")) + ": " + Html.esc(d.get("why"));
            case EventTypes.APPROVAL_WAIVED -> "<b>approval waived</b> " + Html.esc(d.get("approval")) + ": " + Html.esc(d.get("why"));
            case EventTypes.APPROVAL_SATISFIED -> "<b class=\"ok\">approval satisfied</b> " + Html.esc(d.get("approval"));
            case EventTypes.HANDLER_STARTED -> "<b>handler</b> " + Html.esc(d.get("kind")) + (d.get("step") == null ? "" : " of " + Html.esc(d.get("step")));
            case EventTypes.HANDLER_FINISHED -> "<b>handler " + Html.esc(d.get("status")) + "</b> " + Html.esc(d.get("kind"))
                    + (d.get("error") == null ? "" : ": " + Html.esc(d.get("error")));
            case EventTypes.RUN_FINISHED -> "<b>run " + Html.esc(str(e, "outcome", "status")) + "</b>"
                    + (d.get("error") == null ? "" : ": " + Html.esc(d.get("error")));
            case EventTypes.STEP_OUTPUT_CUT, EventTypes.INTEGRATION_CALL, EventTypes.SEVERITY_DECLARED, EventTypes.SEVERITY_CHANGED,
                 EventTypes.STEP_OVERDUE, EventTypes.OPERATOR_ASKED, EventTypes.OPERATOR_ANSWERED, EventTypes.INCLUDE_STARTED ->
                    "<b>" + Html.esc(e.type()) + "</b> " + Html.esc(compact(d));
            default -> "<b>" + Html.esc(e.type()) + "</b>";
        };
    }

    private static String roles(Object roles) {
        return roles instanceof List<?> l && !l.isEmpty() ? String.join(", ", l.stream().map(String::valueOf).toList()) + ", " : "";
    }

    private static String str(Event e, String key, String other) {
        Object v = e.get(key) != null ? e.get(key) : e.get(other);
        return v == null ? "" : v.toString();
    }

    private static String compact(Map<String, Object> d) {
        String s = d.toString();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** A class name from words we chose (types, states): letters, digits and dashes only. */
    static String cssWord(String s) {
        return s == null ? "" : s.replaceAll("[^A-Za-z0-9]+", "-");
    }
}
