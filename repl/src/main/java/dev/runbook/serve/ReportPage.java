package dev.runbook.serve;

import com.sun.net.httpserver.HttpExchange;
import dev.runbook.journal.Event;
import dev.runbook.journal.RunStore;
import dev.runbook.report.Embedding;
import dev.runbook.report.HtmlReport;
import dev.runbook.report.Timeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /runs/ID/report}: the incident report, as {@code runbook report --format html} writes it. The run's
 * files are never embedded here: a file a step wrote can hold a secret the journal never saw, and this page is
 * for the whole team.
 */
final class ReportPage {
    /** The report is one self-contained file with its own style: allow that, and nothing from anywhere else. */
    private static final String REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";
    private final RunStore store;

    ReportPage(RunStore store) {
        this.store = store;
    }

    void handle(HttpExchange ex, String id) throws IOException {
        List<Event> events = store.readTimeline(id).events();
        if (events.isEmpty()) {
            Respond.problem(ex, 404, "No such run", "Run " + id + " has no journal yet.");
            return;
        }
        String html = HtmlReport.render(Timeline.of(events, null), store.runDir(id), null,
                Embedding.refused("the team page never embeds a run's files; runbook report --format html does, masked"));
        Respond.send(ex, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), REPORT_POLICY);
    }
}
