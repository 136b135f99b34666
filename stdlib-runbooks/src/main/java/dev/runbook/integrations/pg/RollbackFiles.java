package dev.runbook.integrations.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a version's rollback file and reads what it would do to the transaction {@code rollbackTo} runs it in.
 * Names: {@code rollback_<v>.sql}, or the migration's own name with {@code .rollback.sql}
 * ({@code <v>.rollback.sql}, {@code <v>_<name>.rollback.sql}, as Supabase and dbmate projects write them).
 */
final class RollbackFiles {
    /** Statements that end or split the caller's transaction. */
    private static final Pattern TRANSACTION_CONTROL = Pattern.compile(
            "(BEGIN|COMMIT|ROLLBACK|END|ABORT|START\\s+TRANSACTION|SAVEPOINT|RELEASE|PREPARE\\s+TRANSACTION|COMMIT\\s+PREPARED|ROLLBACK\\s+PREPARED)\\b.*");
    /** Statements PostgreSQL refuses to run inside a transaction block. */
    private static final Pattern NO_TRANSACTION = Pattern.compile(
            "((CREATE|DROP)\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY|REINDEX\\b.*\\bCONCURRENTLY|VACUUM|(CREATE|DROP)\\s+DATABASE|ALTER\\s+SYSTEM"
                    + "|(CREATE|DROP)\\s+TABLESPACE|CLUSTER\\s*$|CREATE\\s+SUBSCRIPTION|DROP\\s+SUBSCRIPTION)\\b.*");

    /** One statement the one-transaction promise cannot hold with. */
    record Conflict(Path file, int line, String statement, boolean endsTransaction) {
        String describe() {
            return file + ":" + line + ": " + statement + (endsTransaction
                    ? " — ends the transaction rollbackTo runs every file in; remove the transaction control from the file"
                    : " — cannot run inside a transaction; run it on its own");
        }
    }

    private RollbackFiles() {}

    /** The file for {@code version} in {@code dir}, or null; more than one candidate is refused by the caller. */
    static List<Path> candidates(Path dir, String version) throws IOException {
        List<Path> found = new ArrayList<>();
        Path classic = dir.resolve("rollback_" + version + ".sql");
        if (Files.isRegularFile(classic)) found.add(classic);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile).filter(f -> {
                    String n = f.getFileName().toString();
                    return n.endsWith(".rollback.sql") && (n.equals(version + ".rollback.sql") || n.startsWith(version + "_"));
                }).sorted().forEach(found::add);
            }
        }
        return found;
    }

    /** Statements in {@code file} that end the transaction or cannot run in one, with their lines. */
    static List<Conflict> conflicts(Path file) throws IOException {
        List<Conflict> out = new ArrayList<>();
        for (SqlStatements.Statement s : SqlStatements.split(Files.readString(file, StandardCharsets.UTF_8))) {
            String head = s.text().strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
            String shown = s.text().strip().replaceAll("\\s+", " ");
            if (shown.length() > 60) shown = shown.substring(0, 60) + "…";
            if (TRANSACTION_CONTROL.matcher(head).matches()) out.add(new Conflict(file, s.line(), shown, true));
            else if (NO_TRANSACTION.matcher(head).matches()) out.add(new Conflict(file, s.line(), shown, false));
        }
        return out;
    }
}
