package dev.runbook.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.runbook.journal.RunStore;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /runs/ID} and what hangs below it: the page, its event stream, the incident report, approve and deny.
 * A run id is letters, digits, dots, dashes and underscores, and must be a run of the store: nothing else in the
 * path reaches the journal.
 */
final class RunRoutes implements HttpHandler {
    private static final Pattern PATH = Pattern.compile("/runs/([A-Za-z0-9][A-Za-z0-9._-]{0,200})(/events|/report|/approve|/deny)?/?");
    private final RunStore store;
    private final RunPage page;
    private final EventStream events;
    private final ReportPage report;
    private final DecisionPost decisions;

    RunRoutes(RunStore store, RunPage page, EventStream events, ReportPage report, DecisionPost decisions) {
        this.store = store;
        this.page = page;
        this.events = events;
        this.report = report;
        this.decisions = decisions;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            Matcher m = PATH.matcher(ex.getRequestURI().getRawPath());
            if (!m.matches() || m.group(1).contains("..") || !store.runIds().contains(m.group(1))) {
                Respond.problem(ex, 404, "No such run", "There is no run " + ex.getRequestURI().getPath().replaceFirst("^/runs/", "") + " here.");
                return;
            }
            String id = m.group(1);
            String what = m.group(2) == null ? "" : m.group(2);
            String method = ex.getRequestMethod();
            boolean post = what.equals("/approve") || what.equals("/deny");
            if (post != method.equals("POST") || (!post && !method.equals("GET") && !method.equals("HEAD"))) {
                ex.getResponseHeaders().set("Allow", post ? "POST" : "GET");
                Respond.problem(ex, 405, "Method not allowed", post ? "Decide with POST from the page." : "Only GET here.");
                return;
            }
            switch (what) {
                case "/events" -> events.handle(ex, id);
                case "/report" -> report.handle(ex, id);
                case "/approve" -> decisions.handle(ex, id, "approve");
                case "/deny" -> decisions.handle(ex, id, "deny");
                default -> page.handle(ex, id);
            }
        } catch (RuntimeException e) {
            // a journal that cannot be read: say so, never a stack trace on the page
            Respond.problem(ex, 500, "Cannot read the run", String.valueOf(e.getMessage()));
        }
    }
}
