package dev.runbook.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How a run ended.
 *
 * @param failure null when the run succeeded
 */
public record RunResult(String runId, Outcome outcome, Map<String, StepResult> steps, Failure failure, Path runDir,
                        Duration duration) {
    /** The outcome's; 4 (environment) for a run whose runbook filled the tool's heap. */
    public int exitCode() {
        if (failure != null && "memory".equals(failure.getKind())) return 4;
        return outcome.exitCode();
    }
}
