package dev.runbook.journal;

import java.util.Map;

/**
 * A kind of {@link RunStore} found by {@link java.util.ServiceLoader} ({@code META-INF/services}), keyed by the
 * scheme of {@code --journal}: the PostgreSQL store lives beside its JDBC driver, outside the language module.
 */
public interface RunStoreProvider {
    /** Whether this provider keeps runs at {@code location} (e.g. it begins with {@code jdbc:postgresql:}). */
    boolean accepts(String location);

    /**
     * Opens the store. {@code env} supplies credentials the location leaves out (e.g. {@code PGPASSWORD}); throws
     * {@link JournalException} with a message fit to print (no password in it) when it cannot.
     */
    RunStore open(String location, Map<String, String> env);
}
