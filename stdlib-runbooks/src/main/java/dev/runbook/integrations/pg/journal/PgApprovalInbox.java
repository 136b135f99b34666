package dev.runbook.integrations.pg.journal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.journal.ApprovalInbox;
import dev.runbook.journal.JournalException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The decisions sent to one run through a PostgreSQL journal. A listener thread waits on {@code LISTEN
 * runbook_approvals} and raises a flag when a NOTIFY names this run, so a waiting run wakes within milliseconds; the
 * table is also polled every {@code pollInterval} in case a notification is lost (a dropped listener connection).
 * When the server ends the sessions (a restart), the listener connects again and the poll opens a new connection:
 * the run goes on waiting, for up to {@code RUNBOOK_PG_TIMEOUT} without the server, and fails only after that.
 */
final class PgApprovalInbox implements ApprovalInbox {
    static final String CHANNEL = "runbook_approvals";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PgLogin login;
    private final String runId;
    private final long pollMs;
    private Connection queries;
    /** When the poll last found the server gone (nanoTime); 0 while it answers. */
    private long lostSince;
    private final AtomicBoolean notified = new AtomicBoolean();
    private final PgChannelListener listener;
    private long lastPoll;

    PgApprovalInbox(PgLogin login, String runId, long pollMs) {
        this.login = login;
        this.runId = runId;
        this.pollMs = pollMs;
        this.queries = login.connect();
        this.lastPoll = System.nanoTime();
        // null: (re)connected, so anything sent before LISTEN took effect is found by the next look
        this.listener = new PgChannelListener(login, CHANNEL, "runbook-approvals-listener", 1000, 1000, id -> {
            if (id == null || runId.equals(id)) notified.set(true);
        });
    }

    @Override
    public synchronized List<Decision> fresh(Set<String> seen) {
        try {
            if (queries == null) queries = login.connect();
            List<Decision> out = read(seen);
            lostSince = 0;
            return out;
        } catch (SQLException e) {
            if (!PgLogin.connectionLost(e)) {
                throw new JournalException("cannot read the approvals of run " + runId + " at " + login.display() + ": " + login.clean(e), e);
            }
            return stillWaiting(new JournalException(login.clean(e), e));
        } catch (JournalException e) {
            return stillWaiting(e); // connect() failed: the server is not back yet
        }
    }

    /** The server is away (restarting): no decision yet, and a new connection next time, until RUNBOOK_PG_TIMEOUT has passed. */
    private List<Decision> stillWaiting(JournalException why) {
        lastPoll = System.nanoTime();
        try {
            if (queries != null) queries.close();
        } catch (SQLException ignored) {
            // gone already
        }
        queries = null;
        if (lostSince == 0) lostSince = System.nanoTime();
        if (System.nanoTime() - lostSince > login.timeoutSeconds() * 1_000_000_000L) {
            throw new JournalException("cannot read the approvals of run " + runId + " at " + login.display() + ": the server has not "
                    + "answered for " + login.timeoutSeconds() + " s (" + PgLogin.TIMEOUT_VARIABLE + "): " + why.getMessage(), why);
        }
        return List.of();
    }

    private List<Decision> read(Set<String> seen) throws SQLException {
        List<Decision> out = new ArrayList<>();
        try (var ps = queries.prepareStatement("SELECT ref, decision, sent_by FROM runbook.approvals WHERE run_id = ? ORDER BY id")) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    String ref = rs.getString(1);
                    if (seen.contains(ref)) continue;
                    LinkedHashMap<String, Object> body;
                    try {
                        body = JSON.readValue(rs.getString(2), new TypeReference<LinkedHashMap<String, Object>>() {});
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        body = null;
                    }
                    String sentBy = rs.getString(3); // set by the server's trigger from session_user
                    out.add(new Decision(ref, body, sentBy == null ? null : new Sender(null, sentBy)));
                }
            }
        }
        lastPoll = System.nanoTime();
        return out;
    }

    @Override
    public synchronized boolean hasFresh(Set<String> seen) {
        if (notified.getAndSet(false)) return true;
        // while the server is away, look again every second whatever the poll interval: the listener is down too
        long every = queries == null ? Math.min(pollMs, 1000) : pollMs;
        if (System.nanoTime() - lastPoll < every * 1_000_000) return false;
        return !fresh(seen).isEmpty();
    }

    @Override
    public void close() {
        listener.close();
        try {
            if (queries != null) queries.close();
        } catch (SQLException e) {
            // closing: nothing left to do with it
        }
    }
}
