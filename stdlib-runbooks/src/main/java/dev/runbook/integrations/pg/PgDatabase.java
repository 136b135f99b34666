package dev.runbook.integrations.pg;

import dev.runbook.integrations.support.CallJournal;
import dev.runbook.integrations.support.NamedOptions;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.GString;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One database, as returned by {@code pg.connect(...)}. Each call opens its own connection and closes it, so a
 * runbook never holds a connection that would block a later rename or drop of the same database.
 */
public final class PgDatabase {
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");

    private final PgTarget target;
    private final CallJournal journal;

    PgDatabase(PgTarget target, CallJournal journal) {
        this.target = target;
        this.journal = journal;
    }

    public PgTarget getTarget() {
        return target;
    }

    /** Rows as maps of column to value; {@code ?} placeholders take {@code args} in order. */
    public List<Map<String, Object>> query(String sql) {
        return query(sql, List.of());
    }

    /** {@code db.query("... WHERE id = ${params.id}")}: each value is bound as data, never read as SQL (SqlTemplate). */
    public List<Map<String, Object>> query(GString sql) {
        SqlTemplate.Bound b = SqlTemplate.bind(sql);
        return query(b.sql(), b.args());
    }

    public List<Map<String, Object>> query(String sql, List<?> args) {
        Map<String, Object> extra = sqlFields(sql);
        if (wouldBe("query")) return List.of();
        return journal.call("query", target.display(), "query", extra, () -> {
            List<Map<String, Object>> rows = select(sql, args);
            extra.put("rows", rows.size());
            return rows;
        });
    }

    /** The first column of the first row, or null when there is no row. */
    public Object scalar(String sql) {
        return scalar(sql, List.of());
    }

    public Object scalar(GString sql) {
        SqlTemplate.Bound b = SqlTemplate.bind(sql);
        return scalar(b.sql(), b.args());
    }

    public Object scalar(String sql, List<?> args) {
        if (wouldBe("scalar")) return null;
        return journal.call("scalar", target.display(), "query", sqlFields(sql), () -> first(select(sql, args)));
    }

    /** The number of rows in a table ({@code 'orders'} or {@code 'shop.orders'}). */
    public long count(String table) {
        String sql = "SELECT count(*) FROM " + qualified(table);
        Map<String, Object> extra = sqlFields(sql);
        if (wouldBe("count")) return 0;
        return journal.call("count", target.display(), "count of " + table, extra, () -> {
            long n = ((Number) first(select(sql, List.of()))).longValue();
            extra.put("rows", n);
            return n;
        });
    }

    /** Runs a statement that changes data or schema; returns the number of rows it changed. Skipped in a dry run. */
    public int execute(String sql) {
        return execute(sql, List.of());
    }

    public int execute(GString sql) {
        SqlTemplate.Bound b = SqlTemplate.bind(sql);
        return execute(b.sql(), b.args());
    }

    public int execute(String sql, List<?> args) {
        Map<String, Object> extra = sqlFields(sql);
        if (journal.context().dryRun()) {
            journal.dryRun("execute", target.display(), extra);
            return 0;
        }
        return journal.call("execute", target.display(), "statement", extra, () -> {
            try (Connection c = PgConnector.open(target); PreparedStatement ps = c.prepareStatement(sql)) {
                Rows.bind(ps, args);
                ps.execute();
                int n = Math.max(ps.getUpdateCount(), 0);
                extra.put("rows", n);
                return n;
            }
        });
    }

    /**
     * Integrity checks: {@code db.check('orders intact') { expectZero 'SELECT count(*) FROM orders WHERE ...' }}.
     * Fails the step when an expectation is not met, with the table of results; {@code failStep: false} returns
     * the report instead.
     */
    public CheckReport check(String name, Closure<?> expectations) {
        return check(Map.of(), name, expectations);
    }

    public CheckReport check(Map<String, Object> options, String name, Closure<?> expectations) {
        NamedOptions o = NamedOptions.of("pg.check", options, List.of("failStep"));
        return new PgCheck(this, journal).run(name, expectations, o.bool("failStep", true));
    }

    /**
     * {@code db.transaction { tx -> tx.execute(...); tx.query(...) }}: the statements share one transaction, which
     * commits when the closure returns and rolls back when it throws anything; the throw is passed on (as the step's
     * failure). Returns what the closure returns. The closure's delegate is the transaction too, so
     * {@code execute '...'} works without {@code tx.}.
     */
    public Object transaction(@DelegatesTo(value = PgTransaction.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        Map<String, Object> extra = new LinkedHashMap<>();
        boolean dry = journal.context().dryRun();
        if (dry) extra.put("dryRun", true);
        return journal.call("transaction", target.display(), "transaction", extra, () -> {
            try (Connection c = PgConnector.open(target)) {
                c.setAutoCommit(false);
                PgTransaction tx = new PgTransaction(c, dry);
                Closure<?> work = (Closure<?>) body.clone();
                work.setResolveStrategy(Closure.DELEGATE_FIRST);
                work.setDelegate(tx);
                Object value;
                try {
                    value = work.call(tx);
                } catch (Throwable t) {
                    extra.put("statements", tx.statements());
                    extra.put("committed", false);
                    rollbackQuietly(c, t);
                    throw t instanceof Exception e ? e : new Exception(t);
                }
                extra.put("statements", tx.statements());
                if (dry) {
                    c.rollback(); // nothing was changed by execute; the reads leave nothing to keep
                    extra.put("committed", false);
                } else {
                    c.commit();
                    extra.put("committed", true);
                }
                return value;
            }
        });
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (Exception e) {
            cause.addSuppressed(e); // the connection is gone: the server rolled back anyway
        }
    }

    /** The migrations recorded in a table such as {@code schema_migrations}. */
    public PgMigrations migrations() {
        return migrations(Map.of());
    }

    public PgMigrations migrations(Map<String, Object> options) {
        NamedOptions o = NamedOptions.of("pg.migrations", options, List.of("table", "column"));
        return new PgMigrations(this, journal, qualified(o.string("table", "schema_migrations")), quoteIdent(o.string("column", "version")));
    }

    @Override
    public String toString() {
        return target.display();
    }

    // ---- a database this dry run would have created ------------------------------------------------------------------

    /** What a dry run's createDatabase records, and what a read of the database looks for. */
    static String wouldBeKey(PgTarget server, String database) {
        return dev.runbook.engine.WouldBe.database(server.getHost() + ":" + server.getPort(), database);
    }

    /**
     * True (and journaled as dry-run) when this dry run would have created this database: it is not there to read,
     * so a read answers as would-be (no rows, a count of 0, null) instead of failing the dry run.
     */
    boolean wouldBe(String action) {
        if (!journal.context().wouldHaveMade(wouldBeKey(target, target.getDatabase()))) return false;
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("wouldBe", "the database would have been created earlier in this dry run");
        journal.dryRun(action, target.display(), extra);
        return true;
    }

    // ---- used by the check and migration helpers -------------------------------------------------------------------

    List<Map<String, Object>> select(String sql, List<?> args) throws Exception {
        try (Connection c = PgConnector.open(target); PreparedStatement ps = c.prepareStatement(sql)) {
            Rows.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return Rows.read(rs);
            }
        }
    }

    /** Checks the database answers; the failure names the target. */
    void ping() throws Exception {
        try (Connection c = PgConnector.open(target)) {
            c.isValid(10);
        }
    }

    static Object first(List<Map<String, Object>> rows) {
        if (rows.isEmpty() || rows.getFirst().isEmpty()) return null;
        return rows.getFirst().values().iterator().next();
    }

    static Map<String, Object> sqlFields(String sql) {
        Map<String, Object> extra = new LinkedHashMap<>();
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        extra.put("sql", oneLine.length() > 500 ? oneLine.substring(0, 500) + "…" : oneLine);
        return extra;
    }

    /** {@code shop.orders} → {@code shop.orders}; {@code Orders} → {@code "Orders"}: quotes only what needs it. */
    static String qualified(String name) {
        String[] parts = name.strip().split("\\.");
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (!out.isEmpty()) out.append('.');
            out.append(quoteIdent(part));
        }
        return out.toString();
    }

    static String quoteIdent(String part) {
        return PLAIN_IDENTIFIER.matcher(part).matches() ? part : "\"" + part.replace("\"", "\"\"") + "\"";
    }
}
