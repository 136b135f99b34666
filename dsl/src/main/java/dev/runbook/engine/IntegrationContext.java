package dev.runbook.engine;

import java.nio.file.Path;
import java.util.Map;

/** What an integration may use: the journal (for each call it makes), the clock, the run's settings. */
public interface IntegrationContext {
    /** The step (or handler) the integration acts for. */
    String step();

    /** Journals an event such as {@code integration.call} with target, action, outcome and duration. */
    void record(String type, Map<String, Object> data);

    /** True in {@code --dry-run}: an integration must not act, only record what it would do. */
    boolean dryRun();

    Map<String, String> environment();

    Path workdir();

    Clock clock();

    /**
     * Tells a gate what a probe saw ("GET /health → 503"), so a failing gate can say what it last observed.
     * Outside gates this does nothing.
     */
    default void observe(String observation) {}

    /** The run's id (dedup keys, links); null outside a run. */
    default String runId() { return null; }

    /** The runbook's name; null outside a run. */
    default String runbookName() { return null; }

    /** The team file in force (notification targets); the built-in default when there is none. */
    default dev.runbook.model.Team team() { return dev.runbook.model.Team.defaults(); }

    /** Masks secret values in text the integration builds itself (for instance connection strings). */
    String redact(String text);
}
