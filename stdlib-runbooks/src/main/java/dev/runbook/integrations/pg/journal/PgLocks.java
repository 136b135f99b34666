package dev.runbook.integrations.pg.journal;

import dev.runbook.journal.HeldLocks;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.LockBusyException;
import dev.runbook.journal.LockHolder;
import dev.runbook.lang.Durations;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Target locks in PostgreSQL: a session-level advisory lock per key ({@code pg_try_advisory_lock} on a hash of it),
 * held on a connection of its own for the whole run, plus a row in {@code runbook.locks} saying who holds it. The
 * server frees the advisory lock when the session ends, so a crashed run (kill -9, a lost laptop) frees its targets;
 * the row it leaves is overwritten by the next holder.
 */
final class PgLocks implements HeldLocks {
    private static final long RETRY_MS = 250;

    private final Connection connection;
    private final List<String> keys;
    private final String runId;
    private final long waitedMs;

    private PgLocks(Connection connection, List<String> keys, String runId, long waitedMs) {
        this.connection = connection;
        this.keys = keys;
        this.runId = runId;
        this.waitedMs = waitedMs;
    }

    static HeldLocks take(PgLogin login, List<String> wanted, LockHolder holder, Duration wait) {
        List<String> keys = wanted.stream().distinct().sorted().toList(); // one order for every run: no deadlock when waiting
        long t0 = System.nanoTime();
        long deadline = t0 + (wait == null ? 0 : wait.toNanos());
        Connection c = login.connect();
        try {
            while (true) {
                List<String> taken = new ArrayList<>();
                String busy = null;
                for (String key : keys) {
                    if (!tryLock(c, key)) {
                        busy = key;
                        break;
                    }
                    taken.add(key);
                }
                if (busy == null) {
                    for (String key : keys) record(c, key, holder);
                    return new PgLocks(c, keys, holder.runId(), (System.nanoTime() - t0) / 1_000_000);
                }
                for (String key : taken) unlock(c, key);
                if (System.nanoTime() >= deadline) {
                    String busyKey = busy; // for the lambda: busy changes from one try to the next
                    LockHolder other = LockHolder.recorded(() -> holderOf(c, busyKey));
                    c.close();
                    throw new LockBusyException(busy, other, wait == null || wait.isZero() ? null : Durations.format(wait));
                }
                Thread.sleep(RETRY_MS);
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw new JournalException("cannot take locks at " + login.display() + ": " + login.clean(e), e);
        } catch (InterruptedException e) {
            closeQuietly(c);
            Thread.currentThread().interrupt();
            throw new JournalException("interrupted while waiting for a lock", e);
        }
    }

    private static boolean tryLock(Connection c, String key) throws SQLException {
        try (var ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, AdvisoryKeys.target(key));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection c, String key) throws SQLException {
        try (var ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, AdvisoryKeys.target(key));
            ps.execute();
        }
    }

    private static void record(Connection c, String key, LockHolder h) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO runbook.locks (key, run_id, operator, host, pid, since) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET run_id = excluded.run_id, operator = excluded.operator, host = excluded.host, "
                + "pid = excluded.pid, since = excluded.since")) {
            ps.setString(1, key);
            ps.setString(2, h.runId());
            ps.setString(3, h.operator());
            ps.setString(4, h.host());
            ps.setLong(5, h.pid());
            ps.setTimestamp(6, Timestamp.from(h.since()));
            ps.executeUpdate();
        }
    }

    private static LockHolder holderOf(Connection c, String key) throws SQLException {
        try (var ps = c.prepareStatement("SELECT run_id, operator, host, pid, since FROM runbook.locks WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                return new LockHolder(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getTimestamp(5).toInstant());
            }
        }
    }

    @Override
    public List<String> keys() {
        return keys;
    }

    @Override
    public long waitedMs() {
        return waitedMs;
    }

    @Override
    public void close() {
        try (var ps = connection.prepareStatement("DELETE FROM runbook.locks WHERE key = ? AND run_id = ?")) {
            for (String key : keys) {
                ps.setString(1, key);
                ps.setString(2, runId);
                ps.executeUpdate();
            }
            try (var st = connection.createStatement()) {
                // at once, not whenever the server gets round to ending the session: the next run may take them now
                st.execute("SELECT pg_advisory_unlock_all()");
            }
        } catch (SQLException e) {
            // the advisory locks go with the session below; a stale row is overwritten by the next holder
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // the server ends the session, and frees its locks, either way
        }
    }
}
