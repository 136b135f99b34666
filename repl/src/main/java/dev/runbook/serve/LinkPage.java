package dev.runbook.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.runbook.cli.ApproveCommand;
import dev.runbook.journal.Event;
import dev.runbook.journal.RunStore;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /link?t=…}: where a one-time link from a notification lands. It only shows the run and two buttons;
 * the decision is the POST. Chat tools open links to preview them, so a GET that decided would be spent (or
 * worse, approve) before the person ever saw it.
 */
final class LinkPage implements HttpHandler {
    private final RunStore store;
    private final OneTimeLinks links;

    LinkPage(RunStore store, OneTimeLinks links) {
        this.store = store;
        this.links = links;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/link")) {
            Respond.problem(ex, 404, "Not found", "There is no page " + ex.getRequestURI().getPath() + " here.");
            return;
        }
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            Respond.problem(ex, 405, "Method not allowed", "Only GET here.");
            return;
        }
        String token = Respond.query(ex.getRequestURI().getRawQuery()).get("t");
        OneTimeLinks.Grant g;
        try {
            g = links.check(token);
        } catch (OneTimeLinks.Refused r) {
            Respond.problem(ex, r.status, "This link does not work", r.getMessage());
            return;
        }
        if (!store.runIds().contains(g.run())) {
            Respond.problem(ex, 404, "No such run", "Run " + g.run() + " is not in this server's journal.");
            return;
        }
        List<Event> events = store.read(g.run()).events();
        RunSummary run = RunSummary.of(store, g.run(), events);
        Optional<Event> waiting = ApproveCommand.waitingFor(events);
        boolean current = waiting.isPresent() && g.nonce().equals(waiting.get().str("nonce"));
        StringBuilder b = new StringBuilder("<h1>").append(Html.esc(run.runbook())).append("</h1><p class=\"meta\">run <code>")
                .append(Html.esc(g.run())).append("</code> · operator ").append(Html.esc(run.operator())).append("</p>");
        if (!current) {
            b.append("<p class=\"why\" id=\"why\">This link was for an approval the run no longer waits for.</p>");
        } else {
            b.append(DecisionForm.render(g.run(), g.member(), "one-time-link", "t", token, true));
        }
        b.append("<section id=\"live\" data-run=\"").append(Html.esc(g.run())).append("\">")
                .append(TimelineHtml.render(run, events)).append("</section>");
        Respond.html(ex, current ? 200 : 410, Html.page("Approve " + run.runbook(), b.toString()));
    }
}
