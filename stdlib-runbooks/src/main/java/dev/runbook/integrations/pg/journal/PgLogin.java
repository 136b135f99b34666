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
 */
final class PgLogin {
    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    private final String url;
    private final Properties props = new Properties();

    PgLogin(String url, Map<String, String> env) {
        this.url = url;
        String user = env.get("PGUSER");
        String password = env.get("PGPASSWORD");
        // the URL's own user and password win: the driver reads them after these
        if (user != null && !user.isBlank()) props.setProperty("user", user);
        if (password != null && !password.isEmpty()) props.setProperty("password", password);
        props.setProperty("ApplicationName", "runbook journal");
        props.setProperty("connectTimeout", "10");
        props.setProperty("tcpKeepAlive", "true");
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

    /** The driver's message without anything that could carry the password. */
    String clean(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String pw = props.getProperty("password");
        if (pw != null && !pw.isEmpty()) m = m.replace(pw, "***");
        return Locations.redact(m);
    }
}
