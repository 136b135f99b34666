package dev.runbook.integrations.pg;

import dev.runbook.integrations.support.CallJournal;
import dev.runbook.integrations.support.NamedOptions;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema migrations recorded in a table with one row per applied version (Rails, Supabase, dbmate and others:
 * {@code schema_migrations(version)}). {@link #rollbackTo} undoes the newer ones with {@code rollback_<version>.sql}
 * (or {@code <version>_<name>.rollback.sql}) files, newest first, in one transaction.
 */
public final class PgMigrations {
    private final PgDatabase db;
    private final CallJournal journal;
    private final String table;
    private final String column;

    PgMigrations(PgDatabase db, CallJournal journal, String table, String column) {
        this.db = db;
        this.journal = journal;
        this.table = table;
        this.column = column;
    }

    /** The applied versions, oldest first (numerically when every version is a number). */
    public List<String> applied() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("table", table);
        return journal.call("migrations.applied", db.getTarget().display(), "reading " + table, extra, this::load);
    }

    /** The newest applied version, or null when none is applied. */
    public String current() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("table", table);
        return journal.call("migrations.current", db.getTarget().display(), "reading " + table, extra, () -> {
            List<String> versions = load();
            String v = versions.isEmpty() ? null : versions.getLast();
            extra.put("version", v);
            return v;
        });
    }

    public MigrationRollback rollbackTo(Object version) {
        return rollbackTo(Map.of(), version);
    }

    /**
     * Undoes every applied version newer than {@code version}, newest first: runs {@code dir/rollback_<v>.sql}
     * and deletes its row, all in one transaction (or each file on its own with {@code transaction: false}, for
     * statements such as {@code CREATE INDEX CONCURRENTLY}). Nothing runs unless every file is there.
     */
    public MigrationRollback rollbackTo(Map<String, Object> options, Object version) {
        NamedOptions o = NamedOptions.of("pg.migrations.rollbackTo", options, List.of("dir", "transaction"));
        Path dir = o.path("dir");
        if (dir == null) o.required("dir", "rollbackTo('" + version + "', dir: 'db/rollbacks')");
        boolean transaction = o.bool("transaction", true);
        String target = String.valueOf(version).strip();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("table", table);
        extra.put("to", target);
        String what = "rollback of migrations to " + target;
        List<String> applied = journal.call("migrations.applied", db.getTarget().display(), "reading " + table,
                new LinkedHashMap<>(Map.of("table", table)), this::load);
        String current = applied.isEmpty() ? null : applied.getLast();
        if (!applied.contains(target)) {
            throw journal.failure(what + " refused on " + db.getTarget().display() + ": version " + target + " is not applied in "
                    + table + " (applied: " + describe(applied) + ") — pick one of the applied versions");
        }
        List<String> undo = new ArrayList<>(applied.subList(applied.indexOf(target) + 1, applied.size()));
        java.util.Collections.reverse(undo);
        extra.put("versions", undo);
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> ambiguous = new ArrayList<>();
        for (String v : undo) {
            List<Path> found = candidatesOf(dir, v, what);
            if (found.size() == 1) files.add(found.getFirst());
            else if (found.isEmpty()) missing.add(dir.resolve("rollback_" + v + ".sql") + " (or " + v + "_<name>.rollback.sql)");
            else ambiguous.add(v + ": " + found.stream().map(f -> f.getFileName().toString()).toList());
        }
        if (!missing.isEmpty()) {
            throw journal.failure(what + " refused on " + db.getTarget().display() + ": missing " + String.join(", ", missing)
                    + " — nothing was run; add the rollback files or pick a newer version");
        }
        if (!ambiguous.isEmpty()) {
            throw journal.failure(what + " refused on " + db.getTarget().display() + ": more than one rollback file for "
                    + String.join("; ", ambiguous) + " — nothing was run; keep one file per version");
        }
        if (transaction) {
            // the all-or-nothing promise only holds when no file ends the transaction or needs to run outside one
            List<RollbackFiles.Conflict> conflicts = new ArrayList<>();
            for (Path f : files) conflicts.addAll(conflictsOf(f, what));
            if (!conflicts.isEmpty()) {
                throw journal.failure(what + " refused on " + db.getTarget().display() + " before running anything: "
                        + String.join("; ", conflicts.stream().map(RollbackFiles.Conflict::describe).toList())
                        + ". rollbackTo runs all files in one transaction so that a failure changes nothing; either edit the files,"
                        + " or pass transaction: false to run each file on its own, without that promise");
            }
        }
        extra.put("transaction", transaction);
        if (undo.isEmpty() || journal.context().dryRun()) {
            if (journal.context().dryRun()) journal.dryRun("migrations.rollback", db.getTarget().display(), extra);
            return new MigrationRollback(current, target, undo, journal.context().dryRun());
        }
        return journal.call("migrations.rollback", db.getTarget().display(), what, extra, () -> {
            run(undo, files, transaction);
            return new MigrationRollback(current, target, undo, false);
        });
    }

    private void run(List<String> versions, List<Path> files, boolean transaction) throws Exception {
        try (Connection c = PgConnector.open(db.getTarget())) {
            c.setAutoCommit(!transaction);
            String running = null;
            try {
                for (int i = 0; i < versions.size(); i++) {
                    running = files.get(i).getFileName().toString();
                    try (Statement s = c.createStatement()) {
                        s.execute(Files.readString(files.get(i), StandardCharsets.UTF_8));
                    }
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + "::text = ?")) {
                        del.setString(1, versions.get(i));
                        del.executeUpdate();
                    }
                }
                if (transaction) c.commit();
            } catch (Exception e) {
                if (transaction) c.rollback();
                throw new Exception(running + ": " + e.getMessage()
                        + (transaction ? " (the transaction was rolled back: nothing changed)"
                        : " (transaction: false: the files before it stay applied and their versions removed; this file may be"
                                + " partly applied — look at the schema before going on)"), e);
            }
        }
    }

    private List<Path> candidatesOf(Path dir, String version, String what) {
        try {
            return RollbackFiles.candidates(dir, version);
        } catch (java.io.IOException e) {
            throw journal.failure(what + " refused: cannot list " + dir + ": " + e.getMessage());
        }
    }

    private List<RollbackFiles.Conflict> conflictsOf(Path file, String what) {
        try {
            return RollbackFiles.conflicts(file);
        } catch (java.io.IOException e) {
            throw journal.failure(what + " refused: cannot read " + file + ": " + e.getMessage());
        }
    }

    private List<String> load() throws Exception {
        List<String> versions = new ArrayList<>();
        for (Map<String, Object> row : db.select("SELECT " + column + "::text AS v FROM " + table, List.of())) {
            versions.add(String.valueOf(row.get("v")));
        }
        boolean numeric = versions.stream().allMatch(v -> v.matches("\\d+"));
        versions.sort(numeric ? Comparator.comparing(BigInteger::new) : Comparator.naturalOrder());
        return versions;
    }

    private static String describe(List<String> versions) {
        if (versions.isEmpty()) return "none";
        List<String> tail = versions.subList(Math.max(0, versions.size() - 5), versions.size());
        return (versions.size() > 5 ? "…, " : "") + String.join(", ", tail);
    }
}
