package dev.runbook.engine;

import java.io.File;
import java.time.Duration;
import java.util.Map;

/**
 * One {@code sh} call as the engine resolved it.
 *
 * @param step        the step (or handler) that runs it
 * @param timeout     null: none
 * @param environment the run's environment with the command's own {@code env:} on top (not the process's own)
 * @param dir         the working directory
 */
public record ShellCommand(String step, String command, Duration timeout, Map<String, String> environment, File dir) {
    public ShellCommand {
        environment = Map.copyOf(environment);
    }
}
