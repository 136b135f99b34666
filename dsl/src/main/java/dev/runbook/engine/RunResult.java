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
    public int exitCode() {
        return outcome.exitCode();
    }
}
