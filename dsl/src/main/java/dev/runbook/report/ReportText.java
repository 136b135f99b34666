package dev.runbook.report;

import dev.runbook.lang.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** The sentences and formats both report formats share, so the markdown and the HTML say the same thing. */
final class ReportText {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private ReportText() {}

    static String title(Timeline t) {
        return t.title() != null && !t.title().isBlank() ? t.title() : t.runbook();
    }

    static String outcome(Timeline t) {
        return t.outcome() == null ? "did not finish (running, or the process stopped)" : t.outcome();
    }

    static String approvers(Timeline t) {
        return t.approvers().isEmpty() ? "none" : String.join(", ", t.approvers());
    }

    static String params(Timeline t) {
        if (t.params().isEmpty()) return "none";
        return t.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    static String summary(Timeline t) {
        long stepsDone = t.entries().stream().filter(e -> e.kind().equals("step") && ("ok".equals(e.status()) || "skipped".equals(e.status())))
                .map(Timeline.Entry::name).distinct().count();
        long steps = t.entries().stream().filter(e -> e.kind().equals("step") && !"not run".equals(e.status()))
                .map(Timeline.Entry::name).distinct().count();
        StringBuilder s = new StringBuilder();
        s.append("Run ").append(t.runId()).append(" of runbook ").append(t.runbook()).append(" at severity ").append(t.severity())
                .append(", operated by ").append(t.operator()).append(", started ").append(DATE_TIME.format(t.startedAt()));
        if (t.outcome() == null) {
            s.append(", has not finished");
        } else {
            s.append(", ").append(t.outcome()).append(" after ").append(Durations.format(t.duration()));
        }
        if (t.failedStep() != null) s.append(" at '").append(t.failedStep()).append("': ").append(oneLine(t.error()));
        s.append(". ").append(stepsDone).append(" of ").append(steps).append(" steps that ran completed.");
        if (t.entries().stream().anyMatch(e -> e.kind().equals("resume"))) s.append(" The run was resumed.");
        return s.toString();
    }

    /** Multi-line errors (a command's last output lines) read as one sentence in summaries. */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ");
    }

    static String duration(Long ms) {
        return ms == null ? "" : Durations.format(Duration.ofMillis(ms));
    }

    static String time(Instant at) {
        return TIME.format(at);
    }

    static List<String> handlerLines(Timeline t) {
        return t.handlers().stream().map(h -> h.kind() + (h.step() != null ? " of " + h.step() : "") + ": " + h.status()
                + (h.error() != null ? " — " + h.error() : "")).toList();
    }

    static final String ROOT_CAUSE = "_To be written: what made this incident happen, and why it was not caught earlier._";
    static final List<String> ACTION_ITEMS = List.of("_To be written: what changes so this does not happen again (owner, due date)._");
}
