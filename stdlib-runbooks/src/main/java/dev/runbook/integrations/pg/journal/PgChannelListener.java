package dev.runbook.integrations.pg.journal;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * {@code LISTEN channel} on a connection of its own, on a daemon thread, handing each notification's payload to
 * {@code notified}. Both journal channels use it: {@value PgApprovalInbox#CHANNEL} (a decision was sent to a run) and
 * {@value #EVENTS} (the trigger of schema migration 4 sends each inserted event's run id, and nothing else).
 * When the connection is lost (the server restarts, a DBA ends the session) it connects again, waiting
 * {@code firstBackoffMs} and doubling up to {@code maxBackoffMs}; on each (re)connection it hands over {@code null}:
 * whatever was sent while nobody listened is found by reading again.
 */
final class PgChannelListener implements AutoCloseable {
    static final String EVENTS = "runbook_events";

    private final PgLogin login;
    private final String channel;
    private final long firstBackoffMs;
    private final long maxBackoffMs;
    private final Consumer<String> notified;
    private final Thread thread;
    private volatile boolean closed;

    PgChannelListener(PgLogin login, String channel, String threadName, long firstBackoffMs, long maxBackoffMs,
                      Consumer<String> notified) {
        this.login = login;
        this.channel = channel;
        this.firstBackoffMs = firstBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.notified = notified;
        this.thread = Thread.ofPlatform().daemon().name(threadName).start(this::listen);
    }

    private void listen() {
        long backoff = firstBackoffMs;
        while (!closed) {
            try (Connection c = login.connect()) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + channel);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                backoff = firstBackoffMs;
                notified.accept(null); // anything sent before LISTEN took effect is found by reading again
                while (!closed) {
                    PGNotification[] ns = pg.getNotifications(500);
                    if (ns == null) continue;
                    for (PGNotification n : ns) notified.accept(n.getParameter());
                }
            } catch (SQLException | RuntimeException e) { // JournalException too: connect could not reach the server
                if (closed) return;
                sleepQuietly(backoff); // the reader's own poll keeps it informed meanwhile
                backoff = Math.min(maxBackoffMs, backoff * 2);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
