package dev.runbook.integrations.pg.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.journal.ApprovalInbox;
import dev.runbook.journal.Event;
import dev.runbook.journal.HeldLocks;
import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.JournalChain;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.LockHolder;
import dev.runbook.journal.RunStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs kept in PostgreSQL, shared by everyone who points {@code --journal} at the same database: events, the runbook
 * file as run, approval decisions (woken with NOTIFY) and target locks (advisory locks). What stays on the machine
 * that runs the steps is the run's folder of artifacts ({@code .runbook/runs/ID}).
 */
public final class PgRunStore implements RunStore {
    /** Environment variable: how often a waiting run polls for approvals besides NOTIFY (milliseconds; default 2000). */
    public static final String POLL_ENV = "RUNBOOK_JOURNAL_POLL_MS";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PgLogin login;
    private final Path localRoot;
    private final long pollMs;
    private final Connection connection;

    private PgRunStore(PgLogin login, Path localRoot, long pollMs, Connection connection) {
        this.login = login;
        this.localRoot = localRoot;
        this.pollMs = pollMs;
        this.connection = connection;
    }

    /** Connects, and creates or migrates the journal's schema. */
    static PgRunStore open(PgLogin login, Path localRoot, long pollMs) {
        Connection c = login.connect();
        try {
            PgSchema.migrate(c, login.display());
        } catch (SQLException e) {
            close(c);
            throw new JournalException("cannot set up the journal's tables at " + login.display() + ": " + login.clean(e), e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
        return new PgRunStore(login, localRoot, pollMs, c);
    }

    static long pollInterval(Map<String, String> env) {
        String v = env.get(POLL_ENV);
        try {
            return v == null ? 2000 : Math.max(50, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return 2000;
        }
    }

    @Override
    public String location() {
        return login.display();
    }

    @Override
    public synchronized List<String> runIds() {
        List<String> ids = new ArrayList<>();
        try (var st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT run_id FROM runbook.runs r WHERE EXISTS "
                     + "(SELECT 1 FROM runbook.events e WHERE e.run_id = r.run_id) ORDER BY run_id DESC")) {
            while (rs.next()) ids.add(rs.getString(1));
        } catch (SQLException e) {
            throw failed("list the runs", e);
        }
        return ids;
    }

    @Override
    public synchronized JournalReader.Contents read(String runId) {
        List<Event> events = new ArrayList<>();
        // every row is held to the integrity chain: a row changed by someone who may UPDATE the table shows
        JournalChain.Verifier chain = new JournalChain.Verifier();
        try (var ps = connection.prepareStatement("SELECT seq, line FROM runbook.events WHERE run_id = ? ORDER BY seq")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String line = rs.getString(2);
                    try {
                        Event event = JournalReader.parseLine(line);
                        chain.line(line, event.seq());
                        // once altered, a row whose line says another seq than its place is left out of the history
                        if (!events.isEmpty() && event.seq() <= events.getLast().seq()) continue;
                        events.add(event);
                    } catch (IllegalArgumentException e) {
                        if (chain.chained()) {
                            chain.unreadable("event " + rs.getLong(1));
                            continue;
                        }
                        throw new JournalException("event " + rs.getLong(1) + " of run " + runId + " at " + login.display()
                                + " is not a journal event (" + e.getMessage() + ") — it was edited; the run cannot be replayed", null);
                    }
                }
            }
        } catch (SQLException e) {
            throw failed("read run " + runId, e);
        }
        return new JournalReader.Contents(null, events, null, events.isEmpty() ? 0 : events.get(events.size() - 1).seq(),
                chain.verdict(), chain.last());
    }

    @Override
    public String journalOf(String runId) {
        return login.display() + " (run " + runId + ")";
    }

    @Override
    public Path runDir(String runId) {
        return localRoot.resolve(runId);
    }

    @Override
    public Journal create(String runId) {
        insertRun(runId);
        return open(runId);
    }

    private synchronized void insertRun(String runId) {
        try (var ps = connection.prepareStatement("INSERT INTO runbook.runs (run_id) VALUES (?)")) {
            ps.setString(1, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed("create run " + runId, e);
        }
    }

    @Override
    public Journal reopen(String runId, long validBytes) {
        Journal journal = open(runId);
        // it holds the run now: events past the last one read (validBytes is its seq here) were written by a
        // process that held it in between (another resume, now ended); going on would number from a stale seq
        long last;
        synchronized (this) {
            try (var ps = connection.prepareStatement("SELECT coalesce(max(seq), 0) FROM runbook.events WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    last = rs.getLong(1);
                }
            } catch (SQLException e) {
                journal.close();
                throw failed("read run " + runId, e);
            }
        }
        if (last != validBytes) {
            journal.close();
            throw dev.runbook.journal.RunOwnedException.changedSinceRead(runId);
        }
        return journal;
    }

    private Journal open(String runId) {
        Path dir = runDir(runId);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create the run's folder " + dir + ": " + e.getMessage(), e);
        }
        Connection c = login.connect();
        try {
            return new PgJournal(login, runId, dir, c);
        } catch (SQLException e) {
            close(c);
            throw failed("open run " + runId, e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    @Override
    public synchronized void keepSource(String runId, Path source) {
        try {
            if (!Files.isRegularFile(source)) return;
            String text = Files.readString(source);
            Path dir = runDir(runId);
            Files.createDirectories(dir);
            Files.copy(source, dir.resolve(SOURCE_COPY), StandardCopyOption.REPLACE_EXISTING);
            try (var ps = connection.prepareStatement("UPDATE runbook.runs SET source = ? WHERE run_id = ?")) {
                ps.setString(1, text);
                ps.setString(2, runId);
                ps.executeUpdate();
            }
        } catch (IOException | SQLException e) {
            // only resume's "which steps differ" needs it; it falls back to comparing step names
        }
    }

    private static final String SOURCE_COPY = dev.runbook.journal.FileRunStore.SOURCE_COPY;

    @Override
    public synchronized Optional<Path> sourceCopy(String runId) {
        Path local = runDir(runId).resolve(SOURCE_COPY);
        if (Files.isRegularFile(local)) return Optional.of(local);
        try (var ps = connection.prepareStatement("SELECT source FROM runbook.runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) return Optional.empty();
                Path tmp = Files.createTempFile("runbook-" + runId + "-", ".groovy");
                tmp.toFile().deleteOnExit();
                Files.writeString(tmp, rs.getString(1));
                return Optional.of(tmp);
            }
        } catch (SQLException | IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized String sendDecision(String runId, Map<String, Object> decision) {
        String by = String.valueOf(decision.get("by")).replaceAll("[^A-Za-z0-9_.-]", "_");
        String ref = System.currentTimeMillis() + "-" + by + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        try {
            connection.setAutoCommit(false);
            try (var ins = connection.prepareStatement("INSERT INTO runbook.approvals (run_id, ref, decision) VALUES (?, ?, ?)");
                 var notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                ins.setString(1, runId);
                ins.setString(2, ref);
                ins.setString(3, JSON.writeValueAsString(decision));
                ins.executeUpdate();
                notify.setString(1, PgApprovalInbox.CHANNEL);
                notify.setString(2, runId);
                notify.execute();
                connection.commit(); // the notification is delivered on commit, with the row already visible
            } catch (SQLException | IOException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed("send the decision to run " + runId, e);
        } catch (IOException e) {
            throw new JournalException("cannot write the decision: " + e.getMessage(), e);
        }
        return ref;
    }

    @Override
    public ApprovalInbox inbox(String runId) {
        return new PgApprovalInbox(login, runId, pollMs);
    }

    /**
     * LISTEN {@value PgChannelListener#EVENTS} on a connection of its own (schema migration 4 notifies each event's run
     * id), reconnecting after 100 ms, backing off up to 5 s.
     */
    @Override
    public AutoCloseable watchChanges(java.util.function.Consumer<String> changed) {
        return new PgChannelListener(login, PgChannelListener.EVENTS, "runbook-events-listener", 100, 5000, changed);
    }

    @Override
    public HeldLocks lock(List<String> keys, LockHolder holder, Duration wait) {
        if (keys.isEmpty()) return HeldLocks.NONE;
        return PgLocks.take(login, keys, holder, wait);
    }

    /** Alive while the process writing it holds the run's advisory lock: true across machines, and false after a crash. */
    @Override
    public synchronized boolean stillRunning(String runId, List<Event> events) {
        if (!events.isEmpty() && events.get(events.size() - 1).type().equals("run.finished")) return false;
        try (var ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, AdvisoryKeys.run(runId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) return true;
            }
            try (var un = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                un.setLong(1, AdvisoryKeys.run(runId));
                un.execute();
            }
            return false;
        } catch (SQLException e) {
            throw failed("check whether run " + runId + " runs", e);
        }
    }

    @Override
    public void close() {
        close(connection);
    }

    private JournalException failed(String what, SQLException e) {
        return new JournalException("cannot " + what + " in the journal at " + login.display() + ": " + login.clean(e), e);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing held on it that the server does not free
        }
    }
}
