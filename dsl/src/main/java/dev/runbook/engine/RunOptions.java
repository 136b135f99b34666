package dev.runbook.engine;

import dev.runbook.model.Severity;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run: the raw params as given ({@code -p k=v}), the severity override, and where things go.
 *
 * @param severity    null: the runbook's own
 * @param runsRoot    the folder that holds one folder per run ({@code .runbook/runs} by default)
 * @param environment the environment secrets and {@code env} are read from
 * @param approvedBy  approvers given up front ({@code --approved-by}), still checked against the policy
 */
public record RunOptions(Map<String, String> params, Severity severity, boolean dryRun, String operatorName,
                         Path runsRoot, Map<String, String> environment, java.util.List<String> approvedBy) {
    public RunOptions {
        params = Map.copyOf(params);
        environment = Map.copyOf(environment);
        approvedBy = java.util.List.copyOf(approvedBy);
    }

    public static RunOptions defaults(Map<String, String> params) {
        return new RunOptions(params, null, false, System.getProperty("user.name", "unknown"),
                Path.of(".runbook", "runs"), System.getenv(), java.util.List.of());
    }

    /** Pre-approved automation: {@code --approved-by alice} (or {@code alice:lead} where there is no team file). */
    public RunOptions withApprovedBy(java.util.List<String> names) {
        return new RunOptions(params, severity, dryRun, operatorName, runsRoot, environment, names);
    }

    public RunOptions withDryRun(boolean dry) {
        return new RunOptions(params, severity, dry, operatorName, runsRoot, environment, approvedBy);
    }

    public RunOptions withRunsRoot(Path root) {
        return new RunOptions(params, severity, dryRun, operatorName, root, environment, approvedBy);
    }

    public RunOptions withSeverity(Severity s) {
        return new RunOptions(params, s, dryRun, operatorName, runsRoot, environment, approvedBy);
    }

    public RunOptions withEnvironment(Map<String, String> env) {
        return new RunOptions(params, severity, dryRun, operatorName, runsRoot, env, approvedBy);
    }

    public RunOptions withOperatorName(String name) {
        return new RunOptions(params, severity, dryRun, name, runsRoot, environment, approvedBy);
    }
}
