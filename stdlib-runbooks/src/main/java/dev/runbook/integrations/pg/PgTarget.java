package dev.runbook.integrations.pg;

import dev.runbook.engine.StepFailure;
import dev.runbook.integrations.support.NamedOptions;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a database is: host, port, database, user, password and extra connection parameters (sslmode ...). Built
 * from a URL ({@code postgresql://}, {@code postgres://} or {@code jdbc:postgresql://}) or named options, with the
 * libpq environment variables ({@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD},
 * {@code PGDATABASE}) as defaults. {@link #display()} never contains the password.
 */
public final class PgTarget {
    /** The option keys that say where a server is. */
    static final List<String> SERVER_KEYS = List.of("url", "host", "port", "user", "password", "sslmode");

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> params;

    PgTarget(String host, int port, String database, String user, String password, Map<String, String> params) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.params = Map.copyOf(params);
    }

    public String getHost() { return host; }
    public int getPort() { return port; }
    public String getDatabase() { return database; }
    public String getUser() { return user; }

    /** Package-private on purpose: a runbook has no reason to read the password back. */
    String password() { return password; }

    /** From a URL and/or named options; options win over the URL, which wins over the environment. */
    static PgTarget resolve(String url, NamedOptions o, Map<String, String> env) {
        String host = env.getOrDefault("PGHOST", "127.0.0.1");
        if (host.startsWith("/")) host = "127.0.0.1"; // a socket folder: JDBC speaks TCP only
        int port = parsePort(env.getOrDefault("PGPORT", "5432"));
        String user = env.getOrDefault("PGUSER", "postgres");
        String password = env.get("PGPASSWORD");
        String database = env.get("PGDATABASE");
        Map<String, String> params = new LinkedHashMap<>();
        if (url == null && o.has("url")) url = o.string("url");
        if (url != null) {
            PgTarget u = parse(url);
            host = u.host != null ? u.host : host;
            port = u.port > 0 ? u.port : port;
            user = u.user != null ? u.user : user;
            password = u.password != null ? u.password : password;
            database = u.database != null ? u.database : database;
            params.putAll(u.params);
        }
        if (o.has("host")) host = o.string("host");
        if (o.has("port")) port = o.integer("port");
        if (o.has("user")) user = o.string("user");
        if (o.has("password")) password = o.string("password");
        if (o.has("database")) database = o.string("database");
        if (o.has("sslmode")) params.put("sslmode", o.string("sslmode"));
        return new PgTarget(host, port, database == null ? user : database, user, password, params);
    }

    /** True when {@code text} is a connection URL rather than a database name. */
    static boolean isUrl(String text) {
        return text.contains("://");
    }

    /** Parses a URL; absent parts are null (port 0). */
    static PgTarget parse(String url) {
        String u = url.strip();
        if (u.startsWith("jdbc:")) u = u.substring(5);
        if (!(u.startsWith("postgresql://") || u.startsWith("postgres://"))) {
            throw new StepFailure("pg: '" + redactUrl(url) + "' is not a PostgreSQL URL — write postgresql://user@host:5432/dbname",
                    StepFailure.Kind.ERROR);
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new StepFailure("pg: cannot read the URL '" + redactUrl(url) + "' — percent-encode special characters in the password",
                    StepFailure.Kind.ERROR);
        }
        String user = null, password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            if (parts.length > 1) password = decode(parts[1]);
        }
        String path = uri.getRawPath();
        String database = path == null || path.length() <= 1 ? null : decode(path.substring(1));
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) continue;
                String[] kv = pair.split("=", 2);
                String key = decode(kv[0]);
                String value = kv.length > 1 ? decode(kv[1]) : "";
                switch (key) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    default -> params.put(key, value);
                }
            }
        }
        return new PgTarget(uri.getHost(), Math.max(uri.getPort(), 0), database, user, password, params);
    }

    PgTarget withDatabase(String name) {
        return new PgTarget(host, port, name, user, password, params);
    }

    /** {@code postgresql://user@host:port/db?sslmode=...}, without the password: for messages and the journal. */
    public String display() {
        return "postgresql://" + enc(user) + "@" + host + ":" + port + "/" + enc(database) + query();
    }

    /** The same URL, which libpq tools accept as {@code --dbname}; the password goes through PGPASSWORD. */
    String libpqUri() {
        return display();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + enc(database) + query();
    }

    List<String> secrets() {
        return password == null || password.isEmpty() ? List.of() : List.of(password, enc(password));
    }

    /** The environment a client tool needs besides its arguments. */
    Map<String, String> toolEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (password != null) env.put("PGPASSWORD", password);
        return env;
    }

    @Override
    public String toString() {
        return display();
    }

    private String query() {
        if (params.isEmpty()) return "";
        return params.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&", "?", ""));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new StepFailure("pg: PGPORT is '" + s + "', not a port number", StepFailure.Kind.ERROR);
        }
    }

    /** A URL as typed, with any password replaced: for the message that says the URL is wrong. */
    static String redactUrl(String url) {
        return url.replaceAll("(://[^:/@]*:)[^@]*@", "$1****@").replaceAll("(?i)(password=)[^&]*", "$1****");
    }
}
