package dev.runbook.engine;

import dev.runbook.model.CommandResult;

import java.util.function.BiConsumer;

/**
 * What carries out {@code sh}: bash in real runs, the test harness's scripted shell in runbook specs. It runs the
 * command and returns its result whatever the exit code (the step decides what an exit code means); it fails with
 * a {@link StepFailure} of kind TIMEOUT when {@code command.timeout()} passes.
 */
public interface CommandRunner {
    /**
     * @param onLine receives ("out"|"err", line) for each line of output, as it comes
     */
    CommandResult run(ShellCommand command, BiConsumer<String, String> onLine) throws InterruptedException;
}
