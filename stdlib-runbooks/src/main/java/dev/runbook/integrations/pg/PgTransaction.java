package dev.runbook.integrations.pg;

import groovy.lang.GString;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

/**
 * The statements of one {@code db.transaction { tx -> ... }}: they share one connection and one transaction, which
 * commits when the closure returns and rolls back when it throws. In a dry run {@code execute} runs nothing (reads
 * do, and the transaction is rolled back at the end).
 */
public final class PgTransaction {
    private final Connection connection;
    private final boolean dryRun;
    private int statements;
    private int skipped;

    PgTransaction(Connection connection, boolean dryRun) {
        this.connection = connection;
        this.dryRun = dryRun;
    }

    public List<Map<String, Object>> query(String sql) throws Exception {
        return query(sql, List.of());
    }

    public List<Map<String, Object>> query(GString sql) throws Exception {
        SqlTemplate.Bound b = SqlTemplate.bind(sql);
        return query(b.sql(), b.args());
    }

    public List<Map<String, Object>> query(String sql, List<?> args) throws Exception {
        statements++;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            Rows.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return Rows.read(rs);
            }
        }
    }

    public Object scalar(String sql) throws Exception {
        return PgDatabase.first(query(sql, List.of()));
    }

    public Object scalar(GString sql) throws Exception {
        return PgDatabase.first(query(sql));
    }

    public Object scalar(String sql, List<?> args) throws Exception {
        return PgDatabase.first(query(sql, args));
    }

    public int execute(String sql) throws Exception {
        return execute(sql, List.of());
    }

    public int execute(GString sql) throws Exception {
        SqlTemplate.Bound b = SqlTemplate.bind(sql);
        return execute(b.sql(), b.args());
    }

    /** The number of rows changed; 0 in a dry run, where nothing runs. */
    public int execute(String sql, List<?> args) throws Exception {
        statements++;
        if (dryRun) {
            skipped++;
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            Rows.bind(ps, args);
            ps.execute();
            return Math.max(ps.getUpdateCount(), 0);
        }
    }

    int statements() {
        return statements;
    }

    int skipped() {
        return skipped;
    }
}
