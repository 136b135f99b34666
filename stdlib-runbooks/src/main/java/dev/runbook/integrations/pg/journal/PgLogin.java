package dev.runbook.integrations.pg.journal;

import dev.runbook.journal.JournalException;
import dev.runbook.journal.Locations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * How to reach the journal's database: the JDBC URL, with the user and password from the URL
 * ({@code ?user=…&password=…}) or else from {@code PGUSER} and {@code PGPASSWORD}. Only {@link #display()} is ever
 * printed: the password is masked.
 *
 * <p>Every statement has a time limit ({@code RUNBOOK_PG_TIMEOUT} seconds, 30 unless set; {@code socketTimeout} in
 * the URL wins): a database that stops answering (a network gone, a table locked, a synchronous replica down) fails
 * the journal with that reason, and the run stops, instead of holding the next step without a word. The tool's own
 * statements take milliseconds, and its longest wait on the server (an approval's LISTEN) asks for 0.5 s at a time.
 */
final class PgLogin {
    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();
    static final String TIMEOUT_VARIABLE = "RUNBOOK_PG_TIMEOUT";
    private static final int DEFAULT_TIMEOUT_SECONDS = 30;

    private final String url;
    private final Properties props = new Properties();
    private final int timeoutSeconds;

    PgLogin(String url, Map<String, String> env) {
        this.url = url;
        this.timeoutSeconds = timeoutSeconds(env.get(TIMEOUT_VARIABLE));
        String user = env.get("PGUSER");
        String password = env.get("PGPASSWORD");
        // the URL's own user and password win: the driver reads them after these
        if (user != null && !user.isBlank()) props.setProperty("user", user);
        if (password != null && !password.isEmpty()) props.setProperty("password", password);
        props.setProperty("ApplicationName", "runbook journal");
        props.setProperty("connectTimeout", "10");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("socketTimeout", String.valueOf(timeoutSeconds));
    }

    private static int timeoutSeconds(String value) {
        if (value == null || value.isBlank()) return DEFAULT_TIMEOUT_SECONDS;
        try {
            int seconds = Integer.parseInt(value.strip());
            if (seconds > 0) return seconds;
        } catch (NumberFormatException ignored) {
            // the message below says what to write
        }
        throw new JournalException(TIMEOUT_VARIABLE + " must be a whole number of seconds above 0, such as "
                + DEFAULT_TIMEOUT_SECONDS + ", not '" + value + "'", null);
    }

    /** The URL as it may be shown: password masked. */
    String display() {
        return Locations.redact(url);
    }

    Connection connect() {
        try {
            Connection c = DRIVER.connect(url, props);
            if (c == null) throw new JournalException("the PostgreSQL driver does not accept " + display(), null);
            c.setAutoCommit(true);
            return c;
        } catch (SQLException e) {
            throw new JournalException("cannot reach the journal at " + display() + ": " + clean(e), e);
        }
    }

    /** The driver's message without anything that could carry the password; a statement that timed out says so. */
    String clean(SQLException e) {
        if (timedOut(e)) {
            return url.contains("socketTimeout=")
                    ? "the database did not answer within the URL's socketTimeout; the connection is closed"
                    : "the database did not answer within " + timeoutSeconds + " s (" + TIMEOUT_VARIABLE
                      + "); the connection is closed";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String pw = props.getProperty("password");
        if (pw != null && !pw.isEmpty()) m = m.replace(pw, "***");
        return Locations.redact(m);
    }

    /** How long a statement may wait for the server; also how long a lost connection is tried again. */
    int timeoutSeconds() {
        return timeoutSeconds;
    }

    /**
     * Whether the server ended the session or could not be reached (a restart, a failover: SQLState 08xxx, 57P0x),
     * as opposed to a statement that waited out the time limit or was refused: those fail at once, as before.
     */
    static boolean connectionLost(SQLException e) {
        if (timedOut(e)) return false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) return true;
        }
        return false;
    }

    /** A read that waited out socketTimeout; not a connect that timed out (connectTimeout: the driver says so itself). */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException && !String.valueOf(t.getMessage()).startsWith("Connect")) return true;
        }
        return false;
    }
}
