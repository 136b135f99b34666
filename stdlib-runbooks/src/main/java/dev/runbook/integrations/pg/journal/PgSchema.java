package dev.runbook.integrations.pg.journal;

import dev.runbook.journal.JournalException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The journal's tables, in the schema {@code runbook}, created and migrated by the tool. {@code runbook.schema_version}
 * holds one row per migration applied; each migration runs once, in a transaction, under an advisory lock so that
 * two runs starting together against a new database do not both create the tables.
 */
final class PgSchema {
    /** The transaction-level advisory lock that serialises migrations ("runbook" in ASCII). */
    private static final long MIGRATION_LOCK = 0x72756e626f6f6bL;

    record Migration(int version, String description, List<String> statements) {}

    /** In order; append only — a released migration is never edited. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "runs, events, approvals, locks", List.of(
                    """
                    CREATE TABLE runbook.runs (
                        run_id     text PRIMARY KEY,
                        created_at timestamptz NOT NULL DEFAULT now(),
                        runbook    text,
                        source     text
                    )""",
                    """
                    CREATE TABLE runbook.events (
                        run_id text   NOT NULL REFERENCES runbook.runs (run_id) ON DELETE CASCADE,
                        seq    bigint NOT NULL,
                        ts     timestamptz NOT NULL,
                        type   text   NOT NULL,
                        line   text   NOT NULL,
                        PRIMARY KEY (run_id, seq)
                    )""",
                    """
                    CREATE TABLE runbook.approvals (
                        id       bigserial PRIMARY KEY,
                        run_id   text NOT NULL REFERENCES runbook.runs (run_id) ON DELETE CASCADE,
                        ref      text NOT NULL UNIQUE,
                        decision text NOT NULL,
                        sent_at  timestamptz NOT NULL DEFAULT now()
                    )""",
                    "CREATE INDEX approvals_by_run ON runbook.approvals (run_id, id)",
                    """
                    CREATE TABLE runbook.locks (
                        key      text PRIMARY KEY,
                        run_id   text NOT NULL,
                        operator text,
                        host     text,
                        pid      bigint,
                        since    timestamptz NOT NULL
                    )""")),
            // who sent a decision, as the server says: a trigger sets it from session_user, so a client cannot claim
            // another role by writing the column (issue 18: a member bound by dbRole: approves only as that role)
            new Migration(2, "approvals.sent_by from session_user", List.of(
                    "ALTER TABLE runbook.approvals ADD COLUMN sent_by text",
                    """
                    CREATE FUNCTION runbook.approvals_sent_by() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        NEW.sent_by := session_user;
                        RETURN NEW;
                    END
                    $$""",
                    "CREATE TRIGGER approvals_sent_by BEFORE INSERT OR UPDATE ON runbook.approvals "
                            + "FOR EACH ROW EXECUTE FUNCTION runbook.approvals_sent_by()")),
            // issue 18: the roles that keep the journal append-only. runbook_owner owns the schema (migrations run as a
            // member of it); runbook_writer, granted to the login roles of people and machines that run runbooks, may
            // read, append events, send decisions and take locks, and nothing else: no UPDATE, DELETE or TRUNCATE of
            // events or approvals. Roles belong to the cluster: created once, when this user may (CREATEROLE); a DBA
            // can create them beforehand instead (docs/dsl.md, "Roles and grants").
            new Migration(3, "roles runbook_owner (migrations) and runbook_writer (append and read)", List.of(
                    """
                    DO $$
                    BEGIN
                        IF (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
                            BEGIN
                                CREATE ROLE runbook_owner NOLOGIN;
                            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                            END;
                            BEGIN
                                CREATE ROLE runbook_writer NOLOGIN;
                            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                            END;
                        END IF;
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'runbook_owner')
                                OR NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'runbook_writer') THEN
                            RAISE EXCEPTION 'the roles runbook_owner and runbook_writer do not exist and % may not create them (CREATEROLE)', current_user
                                USING HINT = 'a DBA runs: CREATE ROLE runbook_owner NOLOGIN; CREATE ROLE runbook_writer NOLOGIN; GRANT runbook_owner TO ' || current_user;
                        END IF;
                        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                                AND NOT pg_has_role(current_user, 'runbook_owner', 'MEMBER') THEN
                            EXECUTE format('GRANT runbook_owner TO %I', current_user);
                        END IF;
                    END
                    $$""",
                    "ALTER SCHEMA runbook OWNER TO runbook_owner",
                    "ALTER TABLE runbook.schema_version OWNER TO runbook_owner",
                    "ALTER TABLE runbook.runs OWNER TO runbook_owner",
                    "ALTER TABLE runbook.events OWNER TO runbook_owner",
                    "ALTER TABLE runbook.approvals OWNER TO runbook_owner",
                    "ALTER TABLE runbook.locks OWNER TO runbook_owner",
                    "ALTER FUNCTION runbook.approvals_sent_by() OWNER TO runbook_owner",
                    "GRANT USAGE ON SCHEMA runbook TO runbook_writer",
                    "GRANT SELECT ON ALL TABLES IN SCHEMA runbook TO runbook_writer",
                    "GRANT INSERT ON runbook.runs, runbook.events, runbook.approvals TO runbook_writer",
                    // a run's row is made first; what it runs and the file as run are filled in after
                    "GRANT UPDATE (runbook, source) ON runbook.runs TO runbook_writer",
                    // lock rows are taken, handed over and given back
                    "GRANT INSERT, UPDATE, DELETE ON runbook.locks TO runbook_writer",
                    "GRANT USAGE ON SEQUENCE runbook.approvals_id_seq TO runbook_writer")),
            // issue 24: the team page is pushed each run that journals instead of reading every watched run four times
            // a second. The payload is the run id only — never the event, which may be large or secret (LISTEN needs
            // no privilege, so any role that can connect hears the channel). The trigger function runs as the role
            // that inserts (no SECURITY DEFINER: pg_notify needs no privilege), so runbook_writer appends as before.
            new Migration(4, "NOTIFY runbook_events with the run id of each event", List.of(
                    """
                    CREATE FUNCTION runbook.events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        PERFORM pg_notify('runbook_events', NEW.run_id);
                        RETURN NULL;
                    END
                    $$""",
                    "ALTER FUNCTION runbook.events_notify() OWNER TO runbook_owner",
                    // one per row, but PostgreSQL sends a transaction's identical notifications once: a batch of a
                    // run's events (group commit) is one NOTIFY
                    "CREATE TRIGGER events_notify AFTER INSERT ON runbook.events "
                            + "FOR EACH ROW EXECUTE FUNCTION runbook.events_notify()")));

    private PgSchema() {}

    static int latest() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /** Brings the database's journal schema up to {@link #latest()}; returns how many migrations it applied. */
    static int migrate(Connection c, String display) throws SQLException {
        // an up-to-date journal needs no DDL: a role that may only read runs and send decisions (no CREATE on the
        // database) must be able to use it, so look before taking the lock and creating anything
        Integer current = versionIfPresent(c);
        if (current != null && current == latest()) return 0;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            st.execute("CREATE SCHEMA IF NOT EXISTS runbook");
            st.execute("CREATE TABLE IF NOT EXISTS runbook.schema_version (version integer PRIMARY KEY, description text NOT NULL, "
                    + "applied_at timestamptz NOT NULL DEFAULT now())");
            try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM runbook.schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > latest()) {
                throw new JournalException("the journal at " + display + " has schema version " + current
                        + ", newer than this runbook knows (" + latest() + ") — use a newer runbook", null);
            }
            int applied = 0;
            for (Migration m : MIGRATIONS) {
                if (m.version() <= current) continue;
                for (String sql : m.statements()) st.execute(sql);
                try (var ps = c.prepareStatement("INSERT INTO runbook.schema_version (version, description) VALUES (?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.description());
                    ps.executeUpdate();
                }
                applied++;
            }
            c.commit();
            return applied;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The schema version, or null when there is no journal schema yet (or it cannot be read). */
    private static Integer versionIfPresent(Connection c) {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(version) FROM runbook.schema_version")) {
            if (!rs.next()) return null;
            int v = rs.getInt(1);
            return rs.wasNull() ? null : v;
        } catch (SQLException e) {
            try {
                if (!c.getAutoCommit()) c.rollback();
            } catch (SQLException ignored) {
                // the migration below reports what is wrong with the connection
            }
            return null;
        }
    }
}
