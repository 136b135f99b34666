package dev.runbook.engine;

import java.nio.file.Path;

/**
 * A result of an integration call that a dry run did not make: {@code result.wouldBe} is true and its fields say what
 * would have been (the file it would have written, the database it would have created). Result records implement it
 * with their {@code dryRun} component, so every integration's results answer the same question the same way.
 */
public interface WouldBe {
    /** True when nothing was done: the run is a dry run. */
    boolean dryRun();

    /** {@code result.wouldBe} in a runbook. */
    default boolean getWouldBe() {
        return dryRun();
    }

    /** What {@link IntegrationContext#wouldMake} records for a file. */
    static String file(Path file) {
        return "file:" + file.toAbsolutePath().normalize();
    }

    /** What {@link IntegrationContext#wouldMake} records for a database on a server. */
    static String database(String server, String name) {
        return "database:" + server + "/" + name;
    }
}
