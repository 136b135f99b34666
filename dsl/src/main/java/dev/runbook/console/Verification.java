package dev.runbook.console;

import dev.runbook.journal.Event;

/** How an approval.granted event's approver was verified, in the words the console, show and approve print. */
public final class Verification {
    private Verification() {}

    public static String describe(Event granted) {
        String how = granted.str("verification");
        String sentBy = granted.str("sentBy");
        if (how == null) { // journaled before verification was recorded
            return Boolean.FALSE.equals(granted.get("verified")) ? "role not verified: no team roster" : "name checked against the team";
        }
        return switch (how) {
            case "ssh-key" -> "verified by SSH key";
            case "login" -> "verified: sent by OS user " + (sentBy == null ? "?" : sentBy.replaceFirst("^OS user ", ""));
            case "sso" -> "sso via " + granted.str("verifiedVia");
            case "one-time-link" -> "one-time link";
            case "db-role" -> "verified: sent by " + (sentBy == null ? "its database role" : sentBy);
            case "no-roster" -> "claimed, unverified: no team roster" + (sentBy == null ? "" : "; sent by " + sentBy);
            default -> "claimed, unverified" + (sentBy == null ? "" : "; sent by " + sentBy);
        };
    }
}
