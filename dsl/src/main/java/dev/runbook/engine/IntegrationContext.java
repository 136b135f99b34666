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

    /**
     * In a dry run, what a call would have made ({@link WouldBe#file} for a file, {@link WouldBe#database} for a
     * database), so that a later call that reads it answers as would-be instead of failing with "no such file": a
     * dry run goes on past the effects it did not cause.
     */
    default void wouldMake(String thing) {}

    /** Whether an earlier call of this dry run would have made {@code thing} (see {@link #wouldMake}). */
    default boolean wouldHaveMade(String thing) { return false; }

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
