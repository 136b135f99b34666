package dev.runbook.integrations.pg.journal;

import dev.runbook.journal.Event;
import dev.runbook.journal.FileJournal;
import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalChain;
import dev.runbook.journal.JournalException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A run's journal in PostgreSQL: one row per event. A durable event is committed before {@link #append} (or
 * {@link #awaitDurable}) returns, so, like the file's fsync, a transition is on the server before the next action.
 * Its connection also holds the run's liveness advisory lock: while it is held, other machines see the run as
 * running; a crash ends the session and frees it.
 *
 * <p>Every statement runs on one thread of the journal's own ({@code runbook-pg-journal}); callers hand their events
 * over and wait. Two reasons:
 * <ul>
 * <li>The engine interrupts threads that may be journaling at that moment (a fan-out target's timeout, a stopped
 * fan-out, Ctrl-C), and a virtual thread interrupted in socket I/O closes the socket. That closed the journal's
 * connection for the rest of the run and, with it, freed the run's liveness lock. The writer is never interrupted.
 * <li>Group commit, as the file's fsync: the events handed over while one transaction commits all go into the next
 * (one batch, one commit), so a fan-out's many threads share commits instead of queueing for one each.
 * </ul>
 * An event that is not durable (a live output line) is sent at once too, without its caller waiting: it reaches the
 * server even when the process dies before the next durable event.
 *
 * <p>A server restart ends the session, and with it the run's liveness lock: a run waiting for an approval died at
 * its next event although nothing was wrong by then. The writer checks its connection while idle and opens a new one
 * when the server ended it ({@link PgSession}), trying for up to {@code RUNBOOK_PG_TIMEOUT}; a batch whose commit was
 * cut off is sent again only when the server holds none of it.
 */
final class PgJournal implements Journal {
    private final PgLogin login;
    private final String runId;
    private final Path dir;
    private final PgSession session;
    private final Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an event is handed over or the journal closes: the writer wakes. */
    private final Condition handedOver = lock.newCondition();
    /** Signalled when a batch is committed or the writer failed: callers wake. */
    private final Condition committedOrFailed = lock.newCondition();
    // guarded by lock
    private final List<Row> pending = new ArrayList<>();
    /** Events handed over so far (an event's mark is this count right after it), and of those, events committed. */
    private long handed;
    private long committed;
    private JournalException failure;
    /** Whether a caller was told of {@link #failure}: if none was, {@link #close} must say that events were lost. */
    private boolean failureTold;
    private boolean closing;

    private record Row(Event event, String line) {}

    /** How often an idle writer looks at its connection. */
    private static final long IDLE_CHECK_MS = 1_000;
    /** The seq of the last event known to be on the server (writer thread only). */
    private long lastCommittedSeq;
    /** The chain value of the last event handed over (guarded by lock); see {@link JournalChain}. */
    private String chainHead;
    /** False only for a run journaled before the chain existed, which a resume goes on writing as it was. */
    private final boolean chained;

    PgJournal(PgLogin login, String runId, Path dir, Connection connection) throws SQLException {
        this.login = login;
        this.runId = runId;
        this.dir = dir;
        this.session = new PgSession(login, runId, connection);
        this.lastCommittedSeq = session.lastSeq();
        String lastLine = session.lastLine();
        this.chainHead = lastLine == null ? null : JournalChain.carried(lastLine);
        this.chained = lastLine == null || chainHead != null;
        this.writer = new Thread(this::writeLoop, "runbook-pg-journal");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * "process 4242 on web-1 since …": the session that holds the run's advisory lock, as it named itself; null
     * when it cannot be seen (it ended a moment ago).
     */
    static String holder(Connection c, String runId) throws SQLException {
        long key = AdvisoryKeys.run(runId);
        try (var ps = c.prepareStatement("SELECT a.application_name, date_trunc('second', a.backend_start) FROM pg_locks l "
                + "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                + "AND l.classid::bigint = ? AND l.objid::bigint = ?")) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xffffffffL);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                String name = rs.getString(1);
                String since = rs.getTimestamp(2).toInstant().toString();
                return (name != null && name.startsWith("runbook process ") ? name.substring("runbook ".length()) : "a session of the database")
                        + " since " + since;
            }
        }
    }

    @Override
    public void append(Event event, boolean durable) {
        long mark = write(event);
        if (durable) awaitDurable(mark);
    }

    /** Hands the event to the writer (its JSON is made here, so a bad event fails its caller) and returns its mark. */
    @Override
    public long write(Event event) {
        String line;
        try {
            line = FileJournal.toJson(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new JournalException("cannot write event " + event.type() + ": " + e.getOriginalMessage(), e);
        }
        lock.lock();
        try {
            if (failure != null) throw again(failure);
            if (closing) throw new JournalException("the run journal at " + login.display() + " is closed", null);
            if (chained) {
                // chained here, under the lock, in the order the events are handed over (= seq order)
                String[] head = new String[1];
                line = JournalChain.chained(chainHead, line, head);
                chainHead = head[0];
            }
            pending.add(new Row(event, line));
            handedOver.signal();
            return ++handed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns once every event up to {@code mark} is committed. An interrupt does not cut this short, as it does not
     * cut an fsync short: the caller's next action must not begin before its event is on the server. The interrupt
     * is kept for the caller.
     */
    @Override
    public void awaitDurable(long mark) {
        boolean interrupted = false;
        lock.lock();
        try {
            while (committed < mark && failure == null) {
                try {
                    committedOrFailed.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (committed < mark) throw again(failure);
        } finally {
            lock.unlock();
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @Override
    public void awaitAllDurable() {
        long upTo;
        lock.lock();
        try {
            upTo = handed;
        } finally {
            lock.unlock();
        }
        awaitDurable(upTo);
    }

    private void writeLoop() {
        while (true) {
            List<Row> batch;
            long upTo;
            lock.lock();
            try {
                while (pending.isEmpty() && !closing) {
                    try {
                        // idle (a run waiting for an approval): a session the server ended is opened again now, so
                        // the run's liveness lock is back long before its next event
                        if (!handedOver.await(IDLE_CHECK_MS, java.util.concurrent.TimeUnit.MILLISECONDS) && pending.isEmpty() && !closing) {
                            lock.unlock();
                            try {
                                session.reopenIfLost();
                            } finally {
                                lock.lock();
                            }
                        }
                    } catch (InterruptedException e) {
                        // the writer is never interrupted on purpose; go on waiting
                    }
                }
                if (pending.isEmpty()) return;
                batch = new ArrayList<>(pending);
                pending.clear();
                upTo = handed;
            } finally {
                lock.unlock();
            }
            JournalException failed = null;
            try {
                commit(batch);
            } catch (SQLException e) {
                failed = new JournalException("cannot write the run journal at " + login.display() + ": " + login.clean(e), e);
            } catch (JournalException e) {
                failed = e;
            } catch (RuntimeException | Error e) {
                // whatever it is, the callers waiting for this batch must hear of it rather than wait for ever
                failed = new JournalException("cannot write the run journal at " + login.display() + ": " + e, e);
            }
            lock.lock();
            try {
                if (failed == null) {
                    committed = upTo;
                } else {
                    // nothing after a lost event may be written: a journal with a gap would replay wrong
                    failure = failed;
                    pending.clear();
                }
                committedOrFailed.signalAll();
                if (failed != null) return;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Commits the batch; when the server ended the session meanwhile, opens a new one and sends the batch again if
     * the server holds none of it (a transaction lands whole or not at all; all of it there means it landed).
     */
    private void commit(List<Row> batch) throws SQLException {
        try {
            commitOnce(batch);
            lastCommittedSeq = batch.getLast().event().seq();
        } catch (SQLException e) {
            if (!PgLogin.connectionLost(e)) throw e;
            session.reopen(e);
            long onServer = session.lastSeq();
            if (onServer == batch.getLast().event().seq()) {
                lastCommittedSeq = onServer;
            } else if (onServer == lastCommittedSeq) {
                commitOnce(batch);
                lastCommittedSeq = batch.getLast().event().seq();
            } else {
                throw new JournalException("cannot write the run journal at " + login.display() + ": after the connection was lost "
                        + "the server holds events up to seq " + onServer + ", not " + lastCommittedSeq + " — something else wrote this run", e);
            }
        }
    }

    private void commitOnce(List<Row> batch) throws SQLException {
        Connection connection = session.connection();
        PreparedStatement insert = session.insert();
        try {
            String runbook = null;
            for (Row row : batch) {
                insert.setString(1, runId);
                insert.setLong(2, row.event().seq());
                insert.setTimestamp(3, Timestamp.from(row.event().at()));
                insert.setString(4, row.event().type());
                insert.setString(5, row.line());
                insert.addBatch();
                if ("run.started".equals(row.event().type())) runbook = row.event().str("runbook");
            }
            insert.executeBatch();
            if (runbook != null) {
                try (var ps = connection.prepareStatement("UPDATE runbook.runs SET runbook = ? WHERE run_id = ?")) {
                    ps.setString(1, runbook);
                    ps.setString(2, runId);
                    ps.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            insert.clearBatch();
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; the first error says why
            }
            // the driver's batch error quotes the whole statement; the server's own error is the one that says why
            throw e instanceof java.sql.BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
        }
    }

    /** The writer's failure for a caller (lock held): a new exception (its own stack), the same message and cause. */
    private JournalException again(JournalException failure) {
        failureTold = true;
        return new JournalException(failure.getMessage(), failure.getCause());
    }

    @Override
    public Path dir() {
        return dir;
    }

    /**
     * Commits what is still pending (live output lines), then frees the run's liveness lock and closes the
     * connection. Throws when events were lost that no caller has heard of, as the file journal's close does when its
     * last fsync fails.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) return;
            closing = true;
            handedOver.signal();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        session.close();
        lock.lock();
        try {
            if (failure != null && !failureTold) throw again(failure);
        } finally {
            lock.unlock();
        }
    }
}
