package dev.runbook.journal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The decisions ({@code runbook approve}) sent to one waiting run, each under a reference the run journals. */
public interface ApprovalInbox extends AutoCloseable {
    /** One decision as sent: {@code by}, {@code decision} (approve or deny), {@code role}, {@code reason}. */
    record Decision(String ref, Map<String, Object> body) {}

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
