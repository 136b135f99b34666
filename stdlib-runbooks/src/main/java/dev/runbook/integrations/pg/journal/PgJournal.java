package dev.runbook.integrations.pg.journal;

import dev.runbook.journal.Event;
import dev.runbook.journal.FileJournal;
import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * A run's journal in PostgreSQL: one row per event, committed before {@link #append} returns (so, like the file's
 * fsync, a transition is durable before the next action). Its connection also holds the run's liveness advisory
 * lock: while it is held, other machines see the run as running; a crash ends the session and frees it.
 */
final class PgJournal implements Journal {
    private final PgLogin login;
    private final String runId;
    private final Path dir;
    private final Connection connection;
    private final PreparedStatement insert;

    PgJournal(PgLogin login, String runId, Path dir, Connection connection) throws SQLException {
        this.login = login;
        this.runId = runId;
        this.dir = dir;
        this.connection = connection;
        try (var ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, AdvisoryKeys.run(runId));
            try (var rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new JournalException("run " + runId + " is being written by another process (its session holds the run)", null);
                }
            }
        }
        this.insert = connection.prepareStatement("INSERT INTO runbook.events (run_id, seq, ts, type, line) VALUES (?, ?, ?, ?, ?)");
    }

    @Override
    public synchronized void append(Event event, boolean durable) {
        try {
            insert.setString(1, runId);
            insert.setLong(2, event.seq());
            insert.setTimestamp(3, Timestamp.from(event.at()));
            insert.setString(4, event.type());
            insert.setString(5, FileJournal.toJson(event));
            insert.executeUpdate();
            if ("run.started".equals(event.type())) {
                try (var ps = connection.prepareStatement("UPDATE runbook.runs SET runbook = ? WHERE run_id = ?")) {
                    ps.setString(1, event.str("runbook"));
                    ps.setString(2, runId);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new JournalException("cannot write the run journal at " + login.display() + ": " + login.clean(e), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new JournalException("cannot write event " + event.type() + ": " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public synchronized void close() {
        try (connection; var st = connection.createStatement()) {
            // at once, not whenever the server gets round to ending the session: a look right after sees the run stopped
            st.execute("SELECT pg_advisory_unlock_all()");
        } catch (SQLException e) {
            // the server frees the session's locks when the connection drops anyway
        }
    }
}
