package dev.runbook.journal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The decisions ({@code runbook approve}) sent to one waiting run, each under a reference the run journals. */
public interface ApprovalInbox extends AutoCloseable {
    /**
     * One decision as sent: {@code by}, {@code decision} (approve or deny), {@code role}, {@code reason}, and what
     * binds it to one request ({@code run}, {@code approval}, {@code nonce}, a {@code signature}). The sender is what
     * the store itself says about who wrote it, which the body cannot forge: the OS user owning the file (folder
     * journal) or the PostgreSQL {@code session_user} that inserted the row; null where unknown.
     */
    record Decision(String ref, Map<String, Object> body, Sender sender) {
        public Decision(String ref, Map<String, Object> body) {
            this(ref, body, null);
        }
    }

    /** Who the store says wrote a decision: an OS user ({@code login}) or a database role ({@code dbRole}). */
    record Sender(String login, String dbRole) {
        @Override
        public String toString() {
            return login != null ? "OS user " + login : "database role " + dbRole;
        }
    }

    /** The decisions whose reference is not in {@code seen}, oldest first. */
    List<Decision> fresh(Set<String> seen);

    /**
     * Whether a decision not in {@code seen} has arrived. Called every few milliseconds while a run waits, so it
     * must be cheap: a database store answers from its notifications and polls only now and then.
     */
    boolean hasFresh(Set<String> seen);

    @Override
    default void close() {}
}
