package dev.runbook.integrations.pg.journal;

import dev.runbook.journal.RunStore;
import dev.runbook.journal.RunStoreProvider;
import dev.runbook.journal.RunStores;

import java.nio.file.Path;
import java.util.Map;

/** {@code --journal jdbc:postgresql://HOST[:PORT]/DATABASE}: runs, approvals and locks shared in PostgreSQL. */
public final class PgRunStoreProvider implements RunStoreProvider {
    /** Environment variable: the folder on this machine for the artifacts of runs journaled in PostgreSQL (default .runbook/runs). */
    public static final String LOCAL_FOLDER_ENV = "RUNBOOK_RUNS_DIR";

    @Override
    public boolean accepts(String location) {
        return location.startsWith("jdbc:postgresql:");
    }

    @Override
    public RunStore open(String location, Map<String, String> env) {
        String local = env.get(LOCAL_FOLDER_ENV);
        return PgRunStore.open(new PgLogin(location, env), local == null || local.isBlank() ? RunStores.DEFAULT_FOLDER : Path.of(local),
                PgRunStore.pollInterval(env));
    }
}
