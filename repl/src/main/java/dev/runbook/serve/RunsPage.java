package dev.runbook.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.RunStore;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code GET /}: the recent runs, the ones waiting for an approval first. */
final class RunsPage implements HttpHandler {
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final int LIMIT = 100;
    private final RunStore store;

    RunsPage(RunStore store) {
        this.store = store;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/")) {
            Respond.problem(ex, 404, "Not found", "There is no page " + ex.getRequestURI().getPath() + " here.");
            return;
        }
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            Respond.problem(ex, 405, "Method not allowed", "Only GET here.");
            return;
        }
        List<RunSummary> runs = new ArrayList<>();
        List<String> ids = store.runIds();
        for (String id : ids.subList(0, Math.min(LIMIT, ids.size()))) {
            try {
                runs.add(RunSummary.of(store, id, store.readTimeline(id).events()));
            } catch (JournalException | IllegalArgumentException e) {
                runs.add(new RunSummary(id, "?", "unreadable journal", "", null, "", java.util.Optional.empty()));
            }
        }
        // stable: newest first within each group, the waiting ones on top
        runs.sort(Comparator.comparing(r -> !r.waitingForApproval()));
        StringBuilder b = new StringBuilder("<h1>Runs</h1>");
        if (runs.isEmpty()) b.append("<p>No runs in ").append(Html.esc(store.location())).append(".</p>");
        else {
            b.append("<table class=\"runs\" id=\"runs\"><thead><tr><th>State</th><th>Runbook</th><th>Operator</th>"
                    + "<th>Started (UTC)</th><th>Duration</th></tr></thead><tbody>");
            for (RunSummary r : runs) {
                b.append("<tr class=\"s-").append(TimelineHtml.cssWord(r.state())).append("\"><td class=\"state\">")
                        .append(Html.esc(r.state())).append("</td><td><a href=\"/runs/").append(Html.esc(r.id())).append("\">")
                        .append(Html.esc(r.runbook())).append("</a><br><small>").append(Html.esc(r.id())).append("</small></td><td data-label=\"operator\">")
                        .append(Html.esc(r.operator())).append("</td><td data-label=\"started\">")
                        .append(r.started() == null ? "" : STARTED.format(r.started()))
                        .append("</td><td data-label=\"for\">").append(Html.esc(r.duration())).append("</td></tr>");
            }
            b.append("</tbody></table>");
            if (ids.size() > LIMIT) b.append("<p>").append(ids.size() - LIMIT).append(" older runs not shown (runbook runs lists them).</p>");
        }
        Respond.html(ex, 200, Html.page("Runs", b.toString()));
    }
}
