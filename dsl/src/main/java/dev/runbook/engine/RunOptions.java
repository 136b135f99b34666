package dev.runbook.engine;

import dev.runbook.model.Severity;

import dev.runbook.journal.FileRunStore;
import dev.runbook.journal.RunStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to run: the raw params as given ({@code -p k=v}), the severity override, and where things go.
 *
 * @param severity    null: the runbook's own
 * @param runsRoot    the folder that holds one folder per run ({@code .runbook/runs} by default)
 * @param environment the environment secrets and {@code env} are read from
 * @param approvedBy  approvers given up front ({@code --approved-by}), still checked against the policy
 * @param store       where the run is journaled; null: the folder {@code runsRoot}
 * @param lockWait    how long to wait for a lock another run holds ({@code --wait}); null or zero: refuse at once
 */
public record RunOptions(Map<String, String> params, Severity severity, boolean dryRun, String operatorName,
                         Path runsRoot, Map<String, String> environment, java.util.List<String> approvedBy,
                         RunStore store, Duration lockWait) {
    public RunOptions {
        params = Map.copyOf(params);
        environment = Map.copyOf(environment);
        approvedBy = java.util.List.copyOf(approvedBy);
    }

    /** Journaled in the folder {@code runsRoot}, refusing a lock another run holds. */
    public RunOptions(Map<String, String> params, Severity severity, boolean dryRun, String operatorName,
                      Path runsRoot, Map<String, String> environment, java.util.List<String> approvedBy) {
        this(params, severity, dryRun, operatorName, runsRoot, environment, approvedBy, null, null);
    }

    /** The store runs go to: the one given, else the folder {@code runsRoot}. */
    public RunStore storeOrFolder() {
        return store != null ? store : new FileRunStore(runsRoot);
    }

    /** Journals into {@code s} (a PostgreSQL journal, or a folder) instead of {@code runsRoot}. */
    public RunOptions withStore(RunStore s) {
        return new RunOptions(params, severity, dryRun, operatorName, runsRoot, environment, approvedBy, s, lockWait);
    }

    /** {@code --wait 5m}: queue behind a run that holds a lock this one needs, for at most {@code d}. */
    public RunOptions withLockWait(Duration d) {
        return new RunOptions(params, severity, dryRun, operatorName, runsRoot, environment, approvedBy, store, d);
    }

    public static RunOptions defaults(Map<String, String> params) {
        return new RunOptions(params, null, false, System.getProperty("user.name", "unknown"),
                Path.of(".runbook", "runs"), System.getenv(), java.util.List.of());
    }

    /** Pre-approved automation: {@code --approved-by alice} (or {@code alice:lead} where there is no team file). */
    public RunOptions withApprovedBy(java.util.List<String> names) {
        return new RunOptions(params, severity, dryRun, operatorName, runsRoot, environment, names, store, lockWait);
    }

    public RunOptions withDryRun(boolean dry) {
        return new RunOptions(params, severity, dry, operatorName, runsRoot, environment, approvedBy, store, lockWait);
    }

    public RunOptions withRunsRoot(Path root) {
        return new RunOptions(params, severity, dryRun, operatorName, root, environment, approvedBy, store, lockWait);
    }

    public RunOptions withSeverity(Severity s) {
        return new RunOptions(params, s, dryRun, operatorName, runsRoot, environment, approvedBy, store, lockWait);
    }

    public RunOptions withEnvironment(Map<String, String> env) {
        return new RunOptions(params, severity, dryRun, operatorName, runsRoot, env, approvedBy, store, lockWait);
    }

    public RunOptions withOperatorName(String name) {
        return new RunOptions(params, severity, dryRun, name, runsRoot, environment, approvedBy, store, lockWait);
    }
}
