package dev.runbook.serve;

import com.sun.net.httpserver.HttpExchange;
import dev.runbook.journal.Event;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Team;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /runs/ID}: the run's live timeline (its stream keeps it current) and, for a member signed in through the
 * proxy while the run waits, the approve and deny buttons.
 */
final class RunPage {
    private final RunStore store;
    private final Team team;
    private final SsoHeader sso;
    private final CrossSiteGuard guard;

    RunPage(RunStore store, Team team, SsoHeader sso, CrossSiteGuard guard) {
        this.store = store;
        this.team = team;
        this.sso = sso;
        this.guard = guard;
    }

    void handle(HttpExchange ex, String id) throws IOException {
        List<Event> events = store.read(id).events();
        if (events.isEmpty()) {
            Respond.problem(ex, 404, "No such run", "Run " + id + " has no journal yet.");
            return;
        }
        RunSummary run = RunSummary.of(store, id, events);
        Optional<Approver> me;
        String notMember = null;
        try {
            me = Approver.signedIn(ex, sso, team);
        } catch (Approver.Refused r) {
            me = Optional.empty();
            notMember = r.getMessage();
        }
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.esc(run.runbook())).append("</h1><p class=\"meta\">run <code>").append(Html.esc(id))
                .append("</code> · operator ").append(Html.esc(run.operator())).append(" · <a href=\"/runs/").append(Html.esc(id))
                .append("/report\">incident report</a></p>");
        if (me.isPresent()) {
            b.append(DecisionForm.render(id, me.get().member().name(), "sso", "csrf", guard.tokenFor(me.get().email()), run.waitingForApproval()));
        } else if (notMember != null) {
            b.append("<p class=\"why\">").append(Html.esc(notMember)).append("</p>");
        }
        b.append("<section id=\"live\" data-run=\"").append(Html.esc(id)).append("\">")
                .append(TimelineHtml.render(run, events)).append("</section>");
        Respond.html(ex, 200, Html.page(run.runbook() + " · " + id, b.toString()));
    }
}
