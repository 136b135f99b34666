package dev.runbook.serve;

import com.sun.net.httpserver.HttpExchange;
import dev.runbook.model.Team;

import java.util.Map;
import java.util.Optional;

/**
 * Who is deciding, as verified, never as claimed: the member a valid one-time link names, or the member whose
 * {@code email:} the single sign-on proxy vouches for. {@link #identify} answers a refusal (401: nobody; 403: someone
 * the server will not let decide) as an exception, so a handler cannot forget to stop.
 */
record Approver(Team.Member member, String email, String method, String proxy, OneTimeLinks.Grant link) {

    static final class Refused extends Exception {
        final int status;

        Refused(int status, String why) {
            super(why);
            this.status = status;
        }
    }

    /** The person signed in through the proxy, if any; a member of the team or refused. */
    static Optional<Approver> signedIn(HttpExchange ex, SsoHeader sso, Team team) throws Refused {
        Optional<SsoHeader.Person> p = sso.person(ex);
        if (p.isEmpty()) return Optional.empty();
        Team.Member m = team.memberByEmail(p.get().email()).orElseThrow(() -> new Refused(403,
                p.get().email() + " is signed in, but no member of the team file " + team.source() + " has that email:"));
        return Optional.of(new Approver(m, m.identity().email(), "sso", p.get().proxy(), null));
    }

    /** For a POST: a one-time link in the form ({@code t}), else the proxy's person with the form token. */
    static Approver identify(HttpExchange ex, Map<String, String> form, OneTimeLinks links, SsoHeader sso, CrossSiteGuard guard,
                             Team team) throws Refused {
        String token = form.get("t");
        if (token != null && !token.isBlank()) {
            OneTimeLinks.Grant g;
            try {
                g = links.check(token);
            } catch (OneTimeLinks.Refused r) {
                throw new Refused(r.status, r.getMessage());
            }
            Team.Member m = team.member(g.member()).orElseThrow(() -> new Refused(403, g.member() + " is no longer in the team file"));
            if (m.identity().email() == null) throw new Refused(403, m.name() + " has no email: in the team file " + team.source());
            return new Approver(m, m.identity().email(), "one-time-link", null, g);
        }
        Optional<Approver> a = signedIn(ex, sso, team);
        if (a.isEmpty()) {
            throw new Refused(401, "not signed in: open the page through the team's single sign-on proxy, or use the one-time "
                    + "link from the approval's notification");
        }
        if (!guard.tokenMatches(a.get().email(), form.get("csrf"))) {
            throw new Refused(403, "the form's token is missing or not yours: reload the page and decide again");
        }
        return a.get();
    }
}
