package dev.runbook.journal;

import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/** Opens the run store that {@code --journal} (or the team file) names. */
public final class RunStores {
    /** Where runs go when nothing says otherwise. */
    public static final Path DEFAULT_FOLDER = Path.of(".runbook", "runs");

    private RunStores() {}

    /** Whether {@code location} names a database rather than a folder. */
    public static boolean isUrl(String location) {
        return location != null && (location.startsWith("jdbc:") || location.matches("[a-z][a-z0-9+.-]*://.*"));
    }

    /**
     * A folder (null: {@code .runbook/runs}) or a URL that a {@link RunStoreProvider} on {@code loader}'s class path
     * accepts.
     */
    public static RunStore open(String location, Map<String, String> env, ClassLoader loader) {
        if (!isUrl(location)) return new FileRunStore(location == null ? DEFAULT_FOLDER : Path.of(location));
        for (RunStoreProvider p : ServiceLoader.load(RunStoreProvider.class, loader)) {
            if (p.accepts(location)) return p.open(location, env);
        }
        throw new JournalException("no journal store handles " + Locations.redact(location)
                + " — use a folder, or jdbc:postgresql://HOST[:PORT]/DATABASE", null);
    }
}
