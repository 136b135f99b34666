package dev.runbook.serve;

import com.sun.net.httpserver.HttpExchange;
import dev.runbook.cli.ApproveCommand;
import dev.runbook.journal.Event;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Team;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /runs/ID/approve} and {@code /deny}: a verified person's decision, sent to the run the same way
 * {@code runbook approve} sends one (the run's inbox, bound to its run, approval and nonce). The waiting run checks it
 * against the team file, which must name this server ({@code serve login:}), and journals how the person was
 * verified. Refused before anything is sent: another site's request (403), nobody (401), a bad, expired or used
 * link (403), a run not waiting (409).
 */
final class DecisionPost {
    private final RunStore store;
    private final Team team;
    private final OneTimeLinks links;
    private final SsoHeader sso;
    private final CrossSiteGuard guard;
    private final Clock clock;

    DecisionPost(RunStore store, Team team, OneTimeLinks links, SsoHeader sso, CrossSiteGuard guard, Clock clock) {
        this.store = store;
        this.team = team;
        this.links = links;
        this.sso = sso;
        this.guard = guard;
        this.clock = clock;
    }

    void handle(HttpExchange ex, String runId, String decision) throws IOException {
        String crossSite = guard.refusal(ex);
        if (crossSite != null) {
            Respond.problem(ex, 403, "Refused", crossSite);
            return;
        }
        Map<String, String> form = Respond.form(ex);
        Approver who;
        try {
            who = Approver.identify(ex, form, links, sso, guard, team);
        } catch (Approver.Refused r) {
            Respond.problem(ex, r.status, r.status == 401 ? "Who are you?" : "Refused", r.getMessage());
            return;
        }
        List<Event> events = store.read(runId).events();
        Optional<Event> waiting = ApproveCommand.waitingFor(events);
        if (waiting.isEmpty()) {
            Respond.problem(ex, 409, "Not waiting", "Run " + runId + " is not waiting for an approval.");
            return;
        }
        Event w = waiting.get();
        String nonce = w.str("nonce") == null ? "" : w.str("nonce");
        if (who.link() != null) {
            OneTimeLinks.Grant g = who.link();
            if (!g.run().equals(runId) || !g.approval().equals(w.str("approval")) || !g.nonce().equals(nonce)) {
                Respond.problem(ex, 403, "Refused", "this link was made for " + (!g.run().equals(runId) ? "run " + g.run()
                        : "an earlier request") + ", not for the approval run " + runId + " waits for now");
                return;
            }
            if (!links.use(g)) {
                Respond.problem(ex, 403, "Refused", "this link was already used: a link decides once");
                return;
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("by", who.member().name());
        d.put("decision", decision);
        String reason = form.get("reason");
        if (reason != null && !reason.isBlank()) d.put("reason", reason.strip());
        d.put("host", System.getenv().getOrDefault("HOSTNAME", ""));
        d.put("at", clock.instant().toString());
        d.put("run", w.str("run") != null ? w.str("run") : runId);
        d.put("approval", w.str("approval"));
        d.put("nonce", nonce);
        d.put("osUser", System.getProperty("user.name", "unknown"));
        d.put("serve", who.method()); // the run believes this only from the team file's serve login:/dbRole:
        d.put("email", who.email());
        if (who.proxy() != null) d.put("proxy", who.proxy());
        store.sendDecision(runId, d);
        Respond.redirect(ex, "/runs/" + runId);
    }
}
