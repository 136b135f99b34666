package dev.runbook.engine;

import dev.runbook.identity.ApprovalSignature;
import dev.runbook.journal.ApprovalInbox;
import dev.runbook.model.Team;

import java.util.Map;
import java.util.Optional;

/**
 * How an approver's name is known to be theirs. A member the team file binds ({@code key:}, {@code login:},
 * {@code dbRole:}) approves only through that binding: a decision signed with their SSH key, a decision file owned
 * by their OS user, a row inserted by their database role. Anyone else's name is a claim: counted and shown as
 * "claimed, unverified", or refused when the team file says {@code identity required}. Every decision sent from
 * another terminal must also be the answer to this request (its run, approval and nonce), or it is a replay.
 */
final class IdentityCheck {
    /**
     * {@code how}: ssh-key, login, db-role, sso, one-time-link (verified), claimed, or no-roster; {@code refusal}
     * non-null when refused; {@code signature}: the SSH signature an ssh-key decision carried (journaled);
     * {@code via}: for sso, the proxy address the page trusted.
     */
    record Verdict(String how, String refusal, String sentBy, String signature, String via) {
        Verdict(String how, String refusal, String sentBy) {
            this(how, refusal, sentBy, null, null);
        }

        boolean verified() {
            return how.equals("ssh-key") || how.equals("login") || how.equals("db-role") || how.equals("sso")
                    || how.equals("one-time-link");
        }

        static Verdict refused(String why, String sentBy) {
            return new Verdict("refused", why, sentBy);
        }
    }

    private IdentityCheck() {}

    /** A decision from {@code runbook approve}, sent to this run's inbox while it waits at {@code approval}. */
    static Verdict ofDecision(Team team, String runId, String approval, String nonce, ApprovalInbox.Decision d) {
        Map<String, Object> body = d.body();
        String sentBy = d.sender() == null ? null : d.sender().toString();
        String by = String.valueOf(body.get("by"));
        String decision = String.valueOf(body.get("decision"));
        if (!runId.equals(body.get("run")) || !approval.equals(body.get("approval")) || !nonce.equals(body.get("nonce"))) {
            String where = !runId.equals(body.get("run")) ? "run " + body.get("run")
                    : !approval.equals(body.get("approval")) ? "approval '" + body.get("approval") + "'" : "an earlier request";
            return Verdict.refused("this decision was made for " + where + ", not for this request: a decision counts only "
                    + "where it was made (copied or replayed?)", sentBy);
        }
        if (!team.hasRoster()) return team.identityRequired() ? noRoster(sentBy) : new Verdict("no-roster", null, sentBy);
        if (body.containsKey("serve")) return ofServe(team, by, body, d.sender(), sentBy);
        Optional<Team.Member> member = team.member(by);
        if (member.isEmpty()) return new Verdict("claimed", null, sentBy); // the roster check says who is not in the team
        Team.Identity id = member.get().identity();
        if (!id.bound()) return unbound(team, member.get(), sentBy);
        if (id.key() != null && body.get("signature") instanceof String signature
                && ApprovalSignature.verify(id.key(), ApprovalSignature.payload(runId, approval, decision, by, nonce), signature)) {
            // journaled with the grant: anyone holding the team's key can check the approval again, offline
            return new Verdict("ssh-key", null, sentBy, signature, null);
        }
        ApprovalInbox.Sender sender = d.sender();
        if (id.login() != null && sender != null && id.login().equals(sender.login())) return new Verdict("login", null, sentBy);
        if (id.dbRole() != null && sender != null && id.dbRole().equals(sender.dbRole())) return new Verdict("db-role", null, sentBy);
        String why = member.get().name() + " approves only through " + id.describe() + ": "
                + (id.key() != null && body.get("signature") != null ? "the signature does not verify with the key in " + team.source()
                : id.key() != null ? "this decision is not signed (runbook approve --as " + member.get().name() + " --key ~/.ssh/id_ed25519)"
                : "it was sent by " + (sentBy == null ? "someone the journal cannot name" : sentBy));
        return Verdict.refused(why, sentBy);
    }

    /**
     * A decision {@code runbook serve} sent for a person its page verified (their single sign-on address from a
     * trusted proxy, or a one-time link it signed). It counts only when the store says the team's {@code serve}
     * binding sent it, and only for the member whose {@code email:} it names: anyone can write these fields.
     */
    private static Verdict ofServe(Team team, String by, Map<String, Object> body, ApprovalInbox.Sender sender, String sentBy) {
        Team.Identity server = team.serve();
        boolean fromServer = server != null && sender != null
                && ((server.login() != null && server.login().equals(sender.login()))
                || (server.dbRole() != null && server.dbRole().equals(sender.dbRole())));
        if (!fromServer) {
            return Verdict.refused("this decision says runbook serve verified " + by + ", but it was sent by "
                    + (sentBy == null ? "someone the journal cannot name" : sentBy) + (server == null
                    ? " and the team file " + team.source() + " names no server (serve login: '…')"
                    : ", not by the server the team file names (" + server.describe() + ")"), sentBy);
        }
        Object how = body.get("serve");
        Optional<Team.Member> member = team.member(by);
        String email = member.map(m -> m.identity().email()).orElse(null);
        if (email == null || !email.equalsIgnoreCase(String.valueOf(body.get("email")))) {
            return Verdict.refused("runbook serve verified " + body.get("email") + ", which is not " + by + "'s email: in "
                    + team.source(), sentBy);
        }
        if ("sso".equals(how)) return new Verdict("sso", null, sentBy, null, String.valueOf(body.get("proxy")));
        if ("one-time-link".equals(how)) return new Verdict("one-time-link", null, sentBy);
        return Verdict.refused("runbook serve sent an unknown verification '" + how + "'", sentBy);
    }

    /** A name typed at the prompt (recorded by the operator) or given with {@code --approved-by}. */
    static Verdict ofClaim(Team team, String name, String source) {
        if (!team.hasRoster()) return team.identityRequired() ? noRoster(null) : new Verdict("no-roster", null, null);
        Optional<Team.Member> member = team.member(name);
        if (member.isEmpty()) return new Verdict("claimed", null, null);
        Team.Identity id = member.get().identity();
        if (id.bound()) {
            return Verdict.refused(member.get().name() + " approves only through " + id.describe() + " ("
                    + (source.equals("flag") ? "--approved-by" : "a name typed at the prompt") + " cannot prove it): runbook approve RUN --as "
                    + member.get().name() + (id.key() != null ? " --key ~/.ssh/id_ed25519" : ""), null);
        }
        return unbound(team, member.get(), null);
    }

    private static Verdict unbound(Team team, Team.Member member, String sentBy) {
        if (team.identityRequired()) {
            return Verdict.refused(member.name() + " has no key:, login: or dbRole: in " + team.source()
                    + ", and the team requires one (identity required)", sentBy);
        }
        return new Verdict("claimed", null, sentBy);
    }

    private static Verdict noRoster(String sentBy) {
        return Verdict.refused("the team requires verified identities (identity required) but lists no members", sentBy);
    }
}
