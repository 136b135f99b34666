package dev.runbook.integrations.pg.journal;

import dev.runbook.journal.JournalException;
import dev.runbook.journal.RunLiveness;
import dev.runbook.journal.RunOwnedException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The journal writer's session with the server: the connection, its insert statement, and the run's liveness
 * advisory lock, which lives and dies with the session. When the server ends the session (a restart, a failover),
 * {@link #reopen} opens a new one and takes the run's lock again, trying for up to {@code RUNBOOK_PG_TIMEOUT}; a run
 * taken meanwhile by another process (its lock was free while the server was away) is not taken back. Used by the
 * writer thread only.
 */
final class PgSession {
    private static final String INSERT = "INSERT INTO runbook.events (run_id, seq, ts, type, line) VALUES (?, ?, ?, ?, ?)";
    private static final long RETRY_EVERY_MS = 500;

    private final PgLogin login;
    private final String runId;
    private Connection connection;
    private PreparedStatement insert;

    /** Takes the run on {@code c}: refused with who holds it when another session does. */
    PgSession(PgLogin login, String runId, Connection c) throws SQLException {
        this.login = login;
        this.runId = runId;
        take(c);
    }

    Connection connection() { return connection; }

    PreparedStatement insert() { return insert; }

    private void take(Connection c) throws SQLException {
        try (var ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, AdvisoryKeys.run(runId));
            try (var rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) throw RunOwnedException.heldBy(runId, PgJournal.holder(c, runId));
            }
        }
        // who holds the run, for the refusal another process gets (pg_stat_activity shows it to every role)
        try (var ps = c.prepareStatement("SELECT set_config('application_name', ?, false)")) {
            ps.setString(1, "runbook process " + ProcessHandle.current().pid() + " on " + RunLiveness.thisHost());
            ps.execute();
        }
        // session-level, the advisory lock outlives every transaction; each batch is one transaction of its own
        c.setAutoCommit(false);
        insert = c.prepareStatement(INSERT);
        connection = c;
    }

    /** The highest seq the server holds for the run (0: none). */
    long lastSeq() throws SQLException {
        try (var ps = connection.prepareStatement("SELECT coalesce(max(seq), 0) FROM runbook.events WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                long seq = rs.getLong(1);
                connection.commit();
                return seq;
            }
        }
    }

    /** The run's last stored line, or null when it has none yet: a reopened journal chains its next event to it. */
    String lastLine() throws SQLException {
        try (var ps = connection.prepareStatement("SELECT line FROM runbook.events WHERE run_id = ? ORDER BY seq DESC LIMIT 1")) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
                String line = rs.next() ? rs.getString(1) : null;
                connection.commit();
                return line;
            }
        }
    }

    /** While idle: a session the server ended is opened again; one that cannot be yet is left to the next commit. */
    void reopenIfLost() {
        try {
            if (connection.isValid(Math.max(1, Math.min(5, login.timeoutSeconds())))) return;
            reopen(null);
        } catch (SQLException | JournalException e) {
            // the next commit tries again, and says why when it cannot
        }
    }

    /**
     * A new session, the run taken again, tried for up to {@code RUNBOOK_PG_TIMEOUT} (the server is restarting);
     * {@code cause}, the error that showed the session gone, is kept for the message when it cannot be reopened.
     */
    void reopen(SQLException cause) throws SQLException {
        closeQuietly();
        long deadline = System.nanoTime() + login.timeoutSeconds() * 1_000_000_000L;
        JournalException last;
        while (true) {
            try {
                Connection c = login.connect();
                try {
                    take(c);
                    return;
                } catch (RunOwnedException e) {
                    // another process took the run while its lock was free: this one must not write on
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // closing anyway
                    }
                    throw new JournalException("cannot write the run journal at " + login.display() + ": the server ended the "
                            + "session, and meanwhile " + e.getMessage(), e);
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // already broken
                    }
                    throw e;
                }
            } catch (JournalException e) {
                if (e.getCause() instanceof RunOwnedException) throw e; // taken meanwhile: trying again cannot help
                last = e; // cannot reach it yet
            } catch (SQLException e) {
                if (!PgLogin.connectionLost(e)) throw e;
                last = new JournalException(login.clean(e), e);
            }
            if (System.nanoTime() > deadline) {
                throw new JournalException("cannot write the run journal at " + login.display() + ": the server ended the session"
                        + (cause == null ? "" : " (" + login.clean(cause) + ")") + " and could not be reached again within "
                        + login.timeoutSeconds() + " s (" + PgLogin.TIMEOUT_VARIABLE + "): " + last.getMessage(), last);
            }
            try {
                Thread.sleep(RETRY_EVERY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Frees the run's liveness lock at once (a look right after sees the run stopped) and closes the session. */
    void close() {
        try (Connection c = connection; var st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("SELECT pg_advisory_unlock_all()");
        } catch (SQLException e) {
            // the server frees the session's locks when the connection drops anyway
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException e) {
            // it is gone already
        }
    }
}
