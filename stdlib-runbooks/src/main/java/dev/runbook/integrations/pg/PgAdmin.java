package dev.runbook.integrations.pg;

import dev.runbook.integrations.support.CallJournal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates, drops and renames databases through the server's maintenance database. Dropping or renaming a database
 * that has open connections is refused, naming those connections, unless {@code terminate: true}: then new
 * connections are refused first (so a client cannot slip back in), the open ones are ended, and the change is made.
 */
final class PgAdmin {
    /** How long ended connections are given to go away. */
    private static final long TERMINATE_WAIT_MS = 10_000;

    private final CallJournal journal;

    PgAdmin(CallJournal journal) {
        this.journal = journal;
    }

    DatabaseChange create(PgTarget server, String name, String template, String owner) {
        Map<String, Object> extra = fields(name, null);
        if (journal.context().dryRun()) {
            journal.dryRun("createDatabase", server.display(), extra);
            journal.context().wouldMake(PgDatabase.wouldBeKey(server, name)); // later reads of it answer as would-be
            return new DatabaseChange("create", name, null, List.of(), true);
        }
        return journal.call("createDatabase", server.display(), "creating database '" + name + "'", extra, () -> {
            String sql = "CREATE DATABASE " + PgDatabase.quoteIdent(name)
                    + (template == null ? "" : " TEMPLATE " + PgDatabase.quoteIdent(template))
                    + (owner == null ? "" : " OWNER " + PgDatabase.quoteIdent(owner));
            try (Connection c = PgConnector.open(server); Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return new DatabaseChange("create", name, null, List.of(), false);
        });
    }

    DatabaseChange drop(PgTarget server, String name, boolean ifExists, boolean terminate) {
        Map<String, Object> extra = fields(name, null);
        String what = "drop of database '" + name + "'";
        if (journal.context().dryRun()) {
            journal.dryRun("dropDatabase", server.display(), extra);
            return new DatabaseChange("drop", name, null, List.of(), true);
        }
        return journal.call("dropDatabase", server.display(), what, extra, () -> {
            try (Connection c = PgConnector.open(server)) {
                if (ifExists && !exists(c, name)) return new DatabaseChange("drop", name, null, List.of(), false);
                Blocked blocked = new Blocked();
                boolean dropped = false;
                try {
                    List<String> ended = clearConnections(c, name, terminate, what, blocked);
                    extra.put("terminated", ended.size());
                    try (Statement s = c.createStatement()) {
                        s.execute("DROP DATABASE " + (ifExists ? "IF EXISTS " : "") + PgDatabase.quoteIdent(name));
                    }
                    dropped = true;
                    return new DatabaseChange("drop", name, null, ended, false);
                } catch (Exception e) {
                    throw blocked.reopenAfter(c, e);
                } finally {
                    if (dropped) blocked.reopen(c, dropped ? Map.of(name, "") : Map.of());
                }
            }
        });
    }

    DatabaseChange rename(PgTarget server, String from, String to, boolean terminate) {
        Map<String, Object> extra = fields(from, to);
        String what = "rename of database '" + from + "' to '" + to + "'";
        if (journal.context().dryRun()) {
            journal.dryRun("renameDatabase", server.display(), extra);
            return new DatabaseChange("rename", from, to, List.of(), true);
        }
        return journal.call("renameDatabase", server.display(), what, extra, () -> {
            try (Connection c = PgConnector.open(server)) {
                Blocked blocked = new Blocked();
                boolean renamed = false;
                try {
                    List<String> ended = clearConnections(c, from, terminate, what, blocked);
                    extra.put("terminated", ended.size());
                    try (Statement s = c.createStatement()) {
                        s.execute("ALTER DATABASE " + PgDatabase.quoteIdent(from) + " RENAME TO " + PgDatabase.quoteIdent(to));
                    }
                    renamed = true;
                    return new DatabaseChange("rename", from, to, ended, false);
                } catch (Exception e) {
                    throw blocked.reopenAfter(c, e);
                } finally {
                    if (renamed) blocked.reopen(c, renamed ? Map.of(from, to) : Map.of());
                }
            }
        });
    }

    /**
     * Exchanges the names of two databases: both renames (through a temporary name) in one transaction, so that
     * either both happened or neither did. Connections are handled as for a rename, on both databases.
     */
    DatabaseChange swap(PgTarget server, String a, String b, boolean terminate) {
        Map<String, Object> extra = fields(a, b);
        String what = "swap of databases '" + a + "' and '" + b + "'";
        if (journal.context().dryRun()) {
            journal.dryRun("swapDatabases", server.display(), extra);
            return new DatabaseChange("swap", a, b, List.of(), true);
        }
        return journal.call("swapDatabases", server.display(), what, extra, () -> {
            try (Connection c = PgConnector.open(server)) {
                for (String name : List.of(a, b)) {
                    if (!exists(c, name)) throw journal.failure(what + " refused: there is no database '" + name + "' — nothing was renamed");
                }
                String tmp = "swap_" + Long.toHexString(System.nanoTime());
                Blocked blocked = new Blocked();
                boolean swapped = false;
                try {
                    List<String> ended = new ArrayList<>(clearConnections(c, a, terminate, what, blocked));
                    ended.addAll(clearConnections(c, b, terminate, what, blocked));
                    extra.put("terminated", ended.size());
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        s.execute("ALTER DATABASE " + PgDatabase.quoteIdent(a) + " RENAME TO " + PgDatabase.quoteIdent(tmp));
                        s.execute("ALTER DATABASE " + PgDatabase.quoteIdent(b) + " RENAME TO " + PgDatabase.quoteIdent(a));
                        s.execute("ALTER DATABASE " + PgDatabase.quoteIdent(tmp) + " RENAME TO " + PgDatabase.quoteIdent(b));
                        c.commit();
                        swapped = true;
                    } catch (Exception e) {
                        c.rollback();
                        throw new Exception(e.getMessage() + " (one transaction: neither database was renamed)", e);
                    } finally {
                        c.setAutoCommit(true);
                    }
                    return new DatabaseChange("swap", a, b, ended, false);
                } catch (Exception e) {
                    throw blocked.reopenAfter(c, e);
                } finally {
                    if (swapped) blocked.reopen(c, swapped ? Map.of(a, b, b, a) : Map.of());
                }
            }
        });
    }

    /** The databases on the server that take connections (templates left out), by name. */
    List<String> list(PgTarget server) {
        return journal.call("databases", server.display(), "listing databases", null, () -> {
            List<String> names = new ArrayList<>();
            try (Connection c = PgConnector.open(server); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY datname")) {
                while (rs.next()) names.add(rs.getString(1));
            }
            return names;
        });
    }

    boolean exists(PgTarget server, String name) {
        Map<String, Object> extra = fields(name, null);
        return journal.call("exists", server.display(), "looking for database '" + name + "'", extra, () -> {
            try (Connection c = PgConnector.open(server)) {
                boolean found = exists(c, name);
                extra.put("exists", found);
                return found;
            }
        });
    }

    /**
     * The databases this call stopped taking connections. Whatever happens next (a refused terminate, a failed
     * rename, a timeout) they take connections again, under the name they have by then: a rollback tool must not
     * leave the live database refusing its application.
     */
    private static final class Blocked {
        final List<String> names = new ArrayList<>();

        /** @param renamed old name → new name ("" when the database is gone) */
        void reopen(Connection c, Map<String, String> renamed) throws Exception {
            Exception failed = null;
            for (String name : names) {
                String now = renamed.getOrDefault(name, name);
                if (now.isEmpty()) continue;
                try {
                    setAllowConnections(c, now, true);
                } catch (Exception e) {
                    if (failed == null) failed = new Exception("database '" + now + "' still refuses connections: setting ALLOW_CONNECTIONS back failed ("
                            + e.getMessage() + ") — run ALTER DATABASE " + PgDatabase.quoteIdent(now) + " WITH ALLOW_CONNECTIONS true", e);
                }
            }
            if (failed != null) throw failed;
        }

        /** After a failure nothing was renamed or dropped: reopen under the old names, and say so if that fails too. */
        Exception reopenAfter(Connection c, Exception e) {
            try {
                reopen(c, Map.of());
                return e;
            } catch (Exception r) {
                Exception both = new Exception(e.getMessage() + "; and " + r.getMessage(), e);
                both.addSuppressed(r);
                return both;
            }
        }
    }

    /**
     * Refuses when the database has connections, unless {@code terminate}; then blocks new connections and ends the
     * open ones, waiting until they are gone.
     *
     * @return the ended connections, described
     */
    private List<String> clearConnections(Connection c, String name, boolean terminate, String what, Blocked blocked) throws Exception {
        List<String> open = connections(c, name);
        if (open.isEmpty()) return List.of();
        if (!terminate) {
            throw journal.failure(what + " refused: " + open.size() + (open.size() == 1 ? " connection is" : " connections are")
                    + " open to '" + name + "': " + String.join("; ", open)
                    + " — stop those clients first, or pass terminate: true to end them");
        }
        if (allowsConnections(c, name)) {
            blocked.names.add(name); // before the change: a failure half-way still sets it back
            setAllowConnections(c, name, false);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, name);
            ps.executeQuery().close();
        }
        long deadline = System.nanoTime() + TERMINATE_WAIT_MS * 1_000_000;
        while (!connections(c, name).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new Exception("connections to '" + name + "' were still open " + TERMINATE_WAIT_MS / 1000 + " s after they were ended: "
                        + String.join("; ", connections(c, name)));
            }
            Thread.sleep(50);
        }
        return open;
    }

    /** The other sessions on database {@code name}, each described for the operator. */
    private static List<String> connections(Connection c, String name) throws Exception {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT pid, usename, application_name, host(client_addr) AS addr, state, backend_start
                FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid() ORDER BY pid""")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StringBuilder d = new StringBuilder("pid " + rs.getInt("pid") + " (user " + rs.getString("usename"));
                    String app = rs.getString("application_name");
                    if (app != null && !app.isBlank()) d.append(", application '").append(app).append("'");
                    String addr = rs.getString("addr");
                    d.append(", from ").append(addr == null ? "local socket" : addr);
                    if (rs.getString("state") != null) d.append(", ").append(rs.getString("state"));
                    out.add(d.append(")").toString());
                }
            }
        }
        return out;
    }

    private static boolean exists(Connection c, String name) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean allowsConnections(Connection c, String name) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT datallowconn FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() || rs.getBoolean(1);
            }
        }
    }

    private static void setAllowConnections(Connection c, String name, boolean allow) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + PgDatabase.quoteIdent(name) + " WITH ALLOW_CONNECTIONS " + allow);
        }
    }

    private static Map<String, Object> fields(String database, String newName) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("database", database);
        if (newName != null) extra.put("newName", newName);
        return extra;
    }
}
