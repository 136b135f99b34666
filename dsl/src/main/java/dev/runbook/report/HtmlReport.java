package dev.runbook.report;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The incident report as one self-contained HTML file: styles inline, the timeline chart as inline SVG, small text
 * outputs embedded. It opens anywhere (a mail attachment, an offline laptop) and fetches nothing.
 */
public final class HtmlReport {
    /** Text outputs up to this size are embedded; bigger or binary ones are listed. */
    private static final long EMBED_LIMIT = 64 * 1024;
    private static final int LABEL_WIDTH = 280;
    private static final int CHART_WIDTH = 620;
    private static final int ROW = 22;

    private HtmlReport() {}

    public static String render(Timeline t, Path runDir, Path self, Embedding embedding) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Incident report: ")
                .append(esc(ReportText.title(t))).append("</title>\n<style>").append(CSS).append("</style></head>\n<body>\n");
        h.append("<h1>Incident report: ").append(esc(ReportText.title(t))).append("</h1>\n");
        h.append("<table class=\"facts\">\n");
        fact(h, "Run", t.runId());
        fact(h, "Runbook", t.runbook() + " (" + t.file() + ")");
        h.append("<tr><th>Outcome</th><td><span class=\"status ").append(cls(t.outcome() == null ? "unknown" : t.outcome())).append("\">")
                .append(esc(ReportText.outcome(t))).append("</span></td></tr>\n");
        fact(h, "Severity", t.severity());
        fact(h, "Operator", t.operatorAndOsUser());
        fact(h, "Approvers", ReportText.approvers(t));
        fact(h, "Host", t.host());
        fact(h, "Started", ReportText.DATE_TIME.format(t.startedAt()));
        fact(h, "Duration", ReportText.duration(t.duration().toMillis()));
        fact(h, "Params", ReportText.params(t));
        h.append("</table>\n");
        h.append("<h2>Summary</h2>\n<p id=\"summary\">").append(esc(ReportText.summary(t))).append("</p>\n");
        h.append("<h2>Timeline</h2>\n<section id=\"timeline\">\n");
        chart(h, t);
        h.append("<table class=\"entries\"><thead><tr><th>Time (UTC)</th><th>Kind</th><th>What</th><th>Status</th><th>Duration</th>"
                + "<th>Expected</th><th>Notes</th></tr></thead><tbody>\n");
        for (Timeline.Entry e : t.entries()) {
            h.append("<tr class=\"entry\" data-kind=\"").append(esc(e.kind())).append("\" data-name=\"").append(esc(e.name()))
                    .append("\" data-status=\"").append(esc(e.status())).append("\">")
                    .append("<td>").append(ReportText.time(e.at())).append("</td><td>").append(esc(e.kind())).append("</td><td>")
                    .append(esc(e.name())).append("</td><td><span class=\"status ").append(cls(e.status())).append("\">").append(esc(e.status()))
                    .append("</span></td><td>").append(ReportText.duration(e.durationMs())).append(e.overdue() ? " <span class=\"warn\">over</span>" : "")
                    .append("</td><td>").append(ReportText.duration(e.expectedMs())).append("</td><td>").append(esc(e.detail())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n</section>\n");
        h.append("<h2>Failure and response</h2>\n<section id=\"failure\">");
        if (t.failedStep() != null) {
            h.append("<p>Failed at <strong>").append(esc(t.failedStep())).append("</strong>: ").append(esc(t.error())).append("</p>");
        } else {
            h.append("<p>").append(t.outcome() == null ? "The run has not finished." : "The run did not fail.").append("</p>");
        }
        List<String> handlers = ReportText.handlerLines(t);
        if (handlers.isEmpty()) h.append("<p>No handler ran.</p>");
        else {
            h.append("<ul>");
            for (String line : handlers) h.append("<li>").append(esc(line)).append("</li>");
            h.append("</ul>");
        }
        h.append("</section>\n<h2>Outputs</h2>\n<section id=\"outputs\">\n");
        List<Artifacts.Artifact> outputs = Artifacts.in(runDir, self);
        if (outputs.isEmpty()) h.append("<p>No files were written to the run's folder.</p>\n");
        for (Artifacts.Artifact a : outputs) {
            String text = embedding.allowed() && a.size() <= EMBED_LIMIT ? textOf(a.file()) : null;
            h.append("<details class=\"output\"><summary>").append(esc(a.relativePath())).append(" (").append(Artifacts.humanSize(a.size()))
                    .append(")</summary>");
            if (text != null) h.append("<pre>").append(esc(embedding.mask().apply(text))).append("</pre>");
            else if (!embedding.allowed()) h.append("<p>not embedded: ").append(esc(embedding.notEmbeddedWhy())).append("</p>");
            else h.append("<p>not embedded (binary or larger than 64 KB): see the run's folder</p>");
            h.append("</details>\n");
        }
        h.append("</section>\n<h2>Root cause</h2>\n<p class=\"todo\">").append(esc(strip(ReportText.ROOT_CAUSE))).append("</p>\n");
        h.append("<h2>Action items</h2>\n<ul class=\"todo\">");
        for (String item : ReportText.ACTION_ITEMS) h.append("<li>").append(esc(strip(item))).append("</li>");
        h.append("</ul>\n</body></html>\n");
        return h.toString();
    }

    /** One bar per entry with a duration, one mark per instant; the x axis is time since the run started. */
    private static void chart(StringBuilder h, Timeline t) {
        List<Timeline.Entry> entries = t.entries();
        long total = Math.max(1, t.duration().toMillis());
        int height = ROW * entries.size() + 30;
        h.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LABEL_WIDTH + CHART_WIDTH + 20)
                .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"timeline of the run\">\n");
        for (int tick = 0; tick <= 4; tick++) {
            double x = LABEL_WIDTH + CHART_WIDTH * tick / 4.0;
            h.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\"/>", x, x, height - 18));
            h.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\">+%s</text>\n", x, height - 4,
                    ReportText.duration(total * tick / 4)));
        }
        int i = 0;
        for (Timeline.Entry e : entries) {
            int y = i * ROW + 4;
            double start = Math.max(0, e.at().toEpochMilli() - t.startedAt().toEpochMilli());
            double x = LABEL_WIDTH + CHART_WIDTH * Math.min(1.0, start / total);
            h.append("<g class=\"bar ").append(cls(e.status())).append("\" data-kind=\"").append(esc(e.kind())).append("\" data-name=\"")
                    .append(esc(e.name())).append("\">");
            h.append("<title>").append(esc(e.kind() + " " + e.name() + ": " + e.status()
                    + (e.durationMs() != null ? ", " + ReportText.duration(e.durationMs()) : ""))).append("</title>");
            h.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%d\" y=\"%d\">%s</text>", LABEL_WIDTH - 8, y + 13,
                    esc(shorten(e.kind() + " · " + e.name(), 40))));
            if (e.durationMs() != null) {
                double w = Math.max(2, CHART_WIDTH * (double) e.durationMs() / total);
                w = Math.min(w, LABEL_WIDTH + CHART_WIDTH - x + 2);
                h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\"/>", x, y, w, ROW - 6));
                if (e.expectedMs() != null) {
                    double ex = x + CHART_WIDTH * (double) e.expectedMs() / total;
                    if (ex <= LABEL_WIDTH + CHART_WIDTH) {
                        h.append(String.format(Locale.ROOT, "<line class=\"expected\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", ex, y - 1, ex, y + ROW - 5));
                    }
                }
            } else {
                h.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\"/>", x, y + 8));
            }
            h.append("</g>\n");
            i++;
        }
        h.append("</svg>\n");
    }

    private static String textOf(Path f) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
        } catch (CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void fact(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String strip(String placeholder) {
        return placeholder.replaceAll("^_|_$", "");
    }

    /** A CSS class from a status: "failed continued" → "failed-continued". */
    private static String cls(String status) {
        return status == null || status.isBlank() ? "none" : status.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** Text into HTML (element content or a quoted attribute): the one escape the report, {@code runbook report} and {@code runbook serve} use. */
    public static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;color:#1d2430;padding:0 16px}
            h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #dde;padding-bottom:4px}
            table{border-collapse:collapse}th,td{text-align:left;padding:3px 10px 3px 0;vertical-align:top}
            table.facts th{color:#556;font-weight:600;width:110px}
            table.entries{width:100%;font-size:13px}table.entries thead th{border-bottom:1px solid #ccd}
            table.entries td{border-bottom:1px solid #f0f0f4}
            .status{padding:0 6px;border-radius:8px;background:#eef;white-space:nowrap}
            .status.ok,.status.succeeded,.status.granted,.status.confirmed{background:#dff3e3;color:#17602a}
            .status.failed,.status.aborted,.status.denied,.status.declined,.status.refused{background:#fde2e1;color:#9b1c13}
            .status.unknown{background:#fff1d6;color:#8a5a00}.warn{color:#9b1c13;font-size:11px}
            svg .label{font-size:12px;text-anchor:end;fill:#333}svg .axis{font-size:11px;fill:#778;text-anchor:middle}
            svg .tick{stroke:#e4e4ec}svg .expected{stroke:#333;stroke-width:2;stroke-dasharray:3 2}
            svg g.bar rect,svg g.bar circle{fill:#6b8cc7}
            svg g.ok rect,svg g.ok circle,svg g.granted circle,svg g.confirmed rect,svg g.confirmed circle{fill:#3a9a57}
            svg g.failed rect,svg g.failed circle,svg g.aborted circle,svg g.denied circle,svg g.declined rect{fill:#d2443a}
            svg g.unknown rect,svg g.unknown circle{fill:#e0a030}svg g.not-run circle{fill:#fff;stroke:#aab;stroke-width:1.5}svg g.skipped rect,svg g.skipped circle{fill:#bbb}
            pre{background:#f6f7f9;padding:8px;overflow:auto;max-height:320px}.todo{color:#667;font-style:italic}
            """;
}
