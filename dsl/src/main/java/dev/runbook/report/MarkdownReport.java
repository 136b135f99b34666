package dev.runbook.report;

import java.nio.file.Path;
import java.util.List;

/** The incident report in markdown: the team's template filled from the run, with placeholders for what people write. */
public final class MarkdownReport {
    private MarkdownReport() {}

    /** {@code runDir}: where the outputs are (listed, linked relative to it); {@code self}: the report file, left out. */
    public static String render(Timeline t, Path runDir, Path self) {
        StringBuilder md = new StringBuilder();
        md.append("# Incident report: ").append(ReportText.title(t)).append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Run", "`" + t.runId() + "`");
        row(md, "Runbook", "`" + t.runbook() + "` (`" + t.file() + "`)");
        row(md, "Outcome", "**" + ReportText.outcome(t) + "**");
        row(md, "Severity", t.severity());
        row(md, "Operator", t.operatorAndOsUser());
        row(md, "Approvers", ReportText.approvers(t));
        row(md, "Host", t.host());
        row(md, "Started", ReportText.DATE_TIME.format(t.startedAt()));
        row(md, "Duration", ReportText.duration(t.duration().toMillis()));
        row(md, "Params", ReportText.params(t));
        if (t.dryRun()) row(md, "Dry run", "yes: no command ran");
        md.append("\n## Summary\n\n").append(ReportText.summary(t)).append("\n\n");
        md.append("## Timeline\n\n");
        md.append("| Time (UTC) | Kind | What | Status | Duration | Expected | Notes |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Timeline.Entry e : t.entries()) {
            md.append("| ").append(ReportText.time(e.at()))
                    .append(" | ").append(cell(e.kind()))
                    .append(" | ").append(cell(e.name()))
                    .append(" | ").append(cell(e.status()))
                    .append(" | ").append(ReportText.duration(e.durationMs())).append(e.overdue() ? " ⚠" : "")
                    .append(" | ").append(ReportText.duration(e.expectedMs()))
                    .append(" | ").append(cell(e.detail()))
                    .append(" |\n");
        }
        md.append("\n## Failure and response\n\n");
        if (t.failedStep() != null) {
            md.append("Failed at **").append(t.failedStep()).append("**: ").append(ReportText.oneLine(t.error())).append("\n\n");
        } else if (t.outcome() == null) {
            md.append("The run has not finished.\n\n");
        } else {
            md.append("The run did not fail.\n\n");
        }
        List<String> handlers = ReportText.handlerLines(t);
        if (handlers.isEmpty()) md.append("No handler ran.\n");
        else for (String h : handlers) md.append("- ").append(h).append('\n');
        md.append("\n## Outputs\n\n");
        List<Artifacts.Artifact> outputs = Artifacts.in(runDir, self);
        if (outputs.isEmpty()) md.append("No files were written to the run's folder.\n");
        for (Artifacts.Artifact a : outputs) {
            md.append("- [").append(a.relativePath()).append("](").append(a.relativePath().replace(" ", "%20")).append(") (")
                    .append(Artifacts.humanSize(a.size())).append(")\n");
        }
        md.append("\n## Root cause\n\n").append(ReportText.ROOT_CAUSE).append("\n\n");
        md.append("## Action items\n\n");
        for (String item : ReportText.ACTION_ITEMS) md.append("- [ ] ").append(item).append('\n');
        return md.toString();
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(value == null ? "" : value.replace("|", "\\|")).append(" |\n");
    }

    /** A table cell: one line, pipes escaped. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("\r", "").replace("\n", " ").replace("|", "\\|");
    }
}
