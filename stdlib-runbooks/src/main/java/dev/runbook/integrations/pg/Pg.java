package dev.runbook.integrations.pg;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.StepFailure;
import dev.runbook.integrations.support.CallJournal;
import dev.runbook.integrations.support.NamedOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pg} inside steps: connect to a database and query it, dump and restore, create, drop and rename databases,
 * read and roll back schema migrations. Where a call names no server, the libpq environment variables
 * ({@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}, {@code PGDATABASE}) say which.
 */
public final class Pg {
    private static final List<String> CONNECT_KEYS = keys(PgTarget.SERVER_KEYS, "database");

    private final IntegrationContext context;
    private final CallJournal journal;

    Pg(IntegrationContext context) {
        this.context = context;
        this.journal = new CallJournal(context, "pg");
        String pw = context.environment().get("PGPASSWORD");
        if (pw != null) journal.hiding(List.of(pw));
    }

    // ---- connect ---------------------------------------------------------------------------------------------------

    /** The database the environment names. */
    public PgDatabase connect() {
        return connect(Map.of(), null);
    }

    /** {@code pg.connect('postgresql://app@db:5432/shop')} */
    public PgDatabase connect(String url) {
        return connect(Map.of(), url);
    }

    /** {@code pg.connect(host: 'db', database: 'shop', user: 'app', password: secrets.DB_PASSWORD)} */
    public PgDatabase connect(Map<String, Object> options) {
        return connect(options, null);
    }

    public PgDatabase connect(Map<String, Object> options, String url) {
        PgTarget target = target("pg.connect", options, CONNECT_KEYS, url, null);
        PgDatabase db = new PgDatabase(target, journal);
        if (db.wouldBe("connect")) return db;
        journal.call("connect", target.display(), "connect", null, () -> {
            db.ping();
            return null;
        });
        return db;
    }

    // ---- dump and restore ------------------------------------------------------------------------------------------

    public DumpResult dump(Object database) {
        return dump(Map.of(), database);
    }

    /** {@code pg.dump('shop', to: "${workdir}/shop.dump")}; {@code format: 'plain'} for SQL; a name ending .gz is gzipped. */
    public DumpResult dump(Map<String, Object> options, Object database) {
        NamedOptions o = NamedOptions.of("pg.dump", options, keys(PgTarget.SERVER_KEYS, "to", "format"));
        Path to = o.path("to");
        if (to == null) o.required("to", "pg.dump('" + (database == null ? "shop" : database) + "', to: \"${workdir}/" + (database == null ? "shop" : database) + ".dump\")");
        String format = o.string("format", defaultFormat(to));
        if (!List.of("custom", "plain").contains(format)) {
            throw new StepFailure("pg.dump: format: must be 'custom' or 'plain', not '" + format + "'", StepFailure.Kind.ERROR);
        }
        return new PgDump(journal).dump(target(database, o), to, format);
    }

    /** {@code pg.dump(url: secrets.DATABASE_URL, to: ...)}: the database the URL names. */
    public DumpResult dump(Map<String, Object> options) {
        return dump(options, null);
    }

    public RestoreResult restore(Object database) {
        return restore(Map.of(), database);
    }

    /** {@code pg.restore('shop_recovery', from: backup, clean: true)}: a pg_dump archive or SQL, gzipped or not. */
    public RestoreResult restore(Map<String, Object> options, Object database) {
        NamedOptions o = NamedOptions.of("pg.restore", options, keys(PgTarget.SERVER_KEYS, "from", "clean", "noOwner"));
        Path from = o.path("from");
        if (from == null) o.required("from", "pg.restore('" + database + "', from: 'backups/shop.sql.gz')");
        return new PgRestore(journal).restore(target(database, o), from, o.bool("clean", false), o.bool("noOwner", false));
    }

    /** {@code pg.restore(url: secrets.DATABASE_URL, from: ...)}: the database the URL names. */
    public RestoreResult restore(Map<String, Object> options) {
        return restore(options, null);
    }

    /**
     * {@code pg.verifyBackup(file)}: reads the whole file without touching a database and says whether it is whole
     * ({@link BackupCheck}). A bad or missing file is a result with {@code ok == false}, not a failure of the step.
     */
    public BackupCheck verifyBackup(Object file) {
        Path path = Path.of(String.valueOf(file));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("file", path.toString());
        return journal.call("verifyBackup", path.toString(), "check of backup " + path, extra, () -> {
            BackupCheck check;
            if (!java.nio.file.Files.isRegularFile(path)) {
                check = new BackupCheck(path, false, null, false, 0, 0, "no such file: " + path.toAbsolutePath());
            } else {
                check = PgBackupReader.check(path, PgBackupReader.inspect(path), context.environment());
            }
            extra.put("ok", check.ok());
            if (check.problem() != null) extra.put("problem", check.problem());
            return check;
        });
    }

    // ---- databases -------------------------------------------------------------------------------------------------

    /** The names of the databases on the server, templates left out, sorted. */
    public List<String> databases() {
        return databases(Map.of());
    }

    public List<String> databases(Map<String, Object> options) {
        NamedOptions o = NamedOptions.of("pg.databases", options, keys(PgTarget.SERVER_KEYS, "maintenanceDb"));
        return new PgAdmin(journal).list(server(o));
    }

    /** Whether a database of that name is on the server. */
    public boolean exists(String name) {
        return exists(Map.of(), name);
    }

    public boolean exists(Map<String, Object> options, String name) {
        NamedOptions o = NamedOptions.of("pg.exists", options, keys(PgTarget.SERVER_KEYS, "maintenanceDb"));
        return new PgAdmin(journal).exists(server(o), name);
    }

    public DatabaseChange createDatabase(String name) {
        return createDatabase(Map.of(), name);
    }

    public DatabaseChange createDatabase(Map<String, Object> options, String name) {
        NamedOptions o = NamedOptions.of("pg.createDatabase", options, keys(PgTarget.SERVER_KEYS, "template", "owner", "maintenanceDb"));
        return new PgAdmin(journal).create(server(o), name, o.string("template"), o.string("owner"));
    }

    public DatabaseChange dropDatabase(String name) {
        return dropDatabase(Map.of(), name);
    }

    /** Refused while connections are open, naming them, unless {@code terminate: true}. */
    public DatabaseChange dropDatabase(Map<String, Object> options, String name) {
        NamedOptions o = NamedOptions.of("pg.dropDatabase", options, keys(PgTarget.SERVER_KEYS, "ifExists", "terminate", "maintenanceDb"));
        return new PgAdmin(journal).drop(server(o), name, o.bool("ifExists", false), o.bool("terminate", false));
    }

    public DatabaseChange renameDatabase(String from, String to) {
        return renameDatabase(Map.of(), from, to);
    }

    /** Refused while connections are open to {@code from}, naming them, unless {@code terminate: true}. */
    public DatabaseChange renameDatabase(Map<String, Object> options, String from, String to) {
        NamedOptions o = NamedOptions.of("pg.renameDatabase", options, keys(PgTarget.SERVER_KEYS, "terminate", "maintenanceDb"));
        return new PgAdmin(journal).rename(server(o), from, to, o.bool("terminate", false));
    }

    public DatabaseChange swapDatabases(String a, String b) {
        return swapDatabases(Map.of(), a, b);
    }

    /**
     * {@code pg.swapDatabases('shop', 'shop_recovery', terminate: true)}: exchanges the two names in one transaction;
     * on failure neither database was renamed.
     */
    public DatabaseChange swapDatabases(Map<String, Object> options, String a, String b) {
        NamedOptions o = NamedOptions.of("pg.swapDatabases", options, keys(PgTarget.SERVER_KEYS, "terminate", "maintenanceDb"));
        return new PgAdmin(journal).swap(server(o), a, b, o.bool("terminate", false));
    }

    // ---- migrations ------------------------------------------------------------------------------------------------

    public PgMigrations migrations() {
        return migrations(Map.of());
    }

    /** {@code pg.migrations(table: 'schema_migrations', database: 'shop').current()} */
    public PgMigrations migrations(Map<String, Object> options) {
        Map<String, Object> connect = new LinkedHashMap<>(options);
        Map<String, Object> own = new LinkedHashMap<>();
        for (String k : List.of("table", "column")) if (connect.containsKey(k)) own.put(k, connect.remove(k));
        NamedOptions.of("pg.migrations", options, keys(CONNECT_KEYS, "table", "column"));
        PgTarget target = target("pg.migrations", connect, CONNECT_KEYS, null, null);
        return new PgDatabase(target, journal).migrations(own);
    }

    // ---- targets ---------------------------------------------------------------------------------------------------

    private PgTarget target(String call, Map<String, Object> options, List<String> allowed, String url, String database) {
        NamedOptions o = NamedOptions.of(call, options, allowed);
        PgTarget t = PgTarget.resolve(url, o, context.environment());
        if (database != null) t = t.withDatabase(database);
        journal.hiding(t.secrets());
        return t;
    }

    /**
     * A database argument: a PgDatabase, a URL, or a name on the server the options (or environment) name. A name
     * beside a {@code url:} that names another database is refused: which one to dump or restore must not be a guess.
     */
    private PgTarget target(Object database, NamedOptions o) {
        PgTarget t;
        if (database instanceof PgDatabase db) t = db.getTarget();
        else if (database != null && PgTarget.isUrl(String.valueOf(database))) t = PgTarget.resolve(String.valueOf(database), o, context.environment());
        else if (database != null) {
            String name = String.valueOf(database);
            String inUrl = o.has("url") ? PgTarget.parse(o.string("url")).getDatabase() : null;
            if (inUrl != null && !inUrl.equals(name)) {
                throw new StepFailure(o.call() + ": the database '" + name + "' differs from the one url: names ('" + inUrl
                        + "') — pass the URL alone, " + o.call() + "(url: ..., ...), or put the database you mean in the URL",
                        StepFailure.Kind.ERROR);
            }
            t = PgTarget.resolve(null, o, context.environment()).withDatabase(name);
        } else if (o.has("url")) t = PgTarget.resolve(null, o, context.environment());
        else throw new StepFailure("pg: which database? — pass its name or URL first, e.g. pg.dump('shop', to: ...)", StepFailure.Kind.ERROR);
        journal.hiding(t.secrets());
        return t;
    }

    private PgTarget server(NamedOptions o) {
        PgTarget t = PgTarget.resolve(null, o, context.environment()).withDatabase(o.string("maintenanceDb", "postgres"));
        journal.hiding(t.secrets());
        return t;
    }

    private static String defaultFormat(Path to) {
        String name = to.getFileName().toString();
        return name.endsWith(".sql") || name.endsWith(".sql.gz") ? "plain" : "custom";
    }

    private static List<String> keys(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }
}
