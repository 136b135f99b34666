package dev.runbook.integrations.pg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens JDBC connections. The only class that names the driver, so that the driver is loaded on the first
 * connection and never by a runbook that does not use {@code pg}. The driver is used directly rather than through
 * {@link java.sql.DriverManager}, which cannot see drivers in a runbook's class loader.
 */
final class PgConnector {
    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    private PgConnector() {}

    static Connection open(PgTarget target) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", target.getUser());
        if (target.password() != null) props.setProperty("password", target.password());
        props.setProperty("ApplicationName", "runbook");
        props.setProperty("connectTimeout", "10");
        Connection c = DRIVER.connect(target.jdbcUrl(), props);
        if (c == null) throw new SQLException("the PostgreSQL driver does not accept " + target.display());
        return c;
    }
}
