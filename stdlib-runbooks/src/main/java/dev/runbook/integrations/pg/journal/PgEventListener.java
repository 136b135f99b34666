package dev.runbook.integrations.pg.journal;

import dev.runbook.journal.JournalException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * Tells a watcher which runs journaled events: {@code LISTEN runbook_events} on a connection of its own (the trigger of
 * schema migration 4 sends each inserted event's run id, and nothing else). When the connection is lost (the server
 * restarts, a DBA ends the session) it connects again, backing off up to {@value #MAX_BACKOFF_MS} ms, and on each
 * (re)connection tells the watcher {@code null}: whatever was sent while nobody listened is found by reading again.
 */
final class PgEventListener implements AutoCloseable {
    static final String CHANNEL = "runbook_events";
    static final long MAX_BACKOFF_MS = 5000;

    private final PgLogin login;
    private final Consumer<String> changed;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection listening;

    PgEventListener(PgLogin login, Consumer<String> changed) {
        this.login = login;
        this.changed = changed;
        this.thread = Thread.ofPlatform().daemon().name("runbook-events-listener").start(this::listen);
    }

    private void listen() {
        long backoff = 100;
        while (!closed) {
            try (Connection c = login.connect()) {
                listening = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                backoff = 100;
                changed.accept(null); // anything journaled before LISTEN took effect is found by reading again
                while (!closed) {
                    PGNotification[] ns = pg.getNotifications(500);
                    if (ns == null) continue;
                    for (PGNotification n : ns) changed.accept(n.getParameter());
                }
            } catch (SQLException | JournalException e) {
                if (closed) return;
                sleepQuietly(backoff); // the watcher's safety poll keeps the page current meanwhile
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            } catch (RuntimeException e) {
                if (closed) return;
                sleepQuietly(backoff); // a watcher's failure must not end the listening
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            } finally {
                listening = null;
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
