package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.model.CommandResult;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code sh} command of a step, as the journal sees it: {@code command.started}, its output lines as they come,
 * {@code command.finished} with the exit code, and its output kept in the step's result. The command line is the one
 * bash runs (values already quoted by {@link ShellTemplate}); it runs through bash, tracked with the step's processes
 * so its timeout kills exactly them, or through the test harness's runner. A dry run journals it and runs nothing.
 */
final class StepCommand {
    private final RunContext run;
    private final String step;
    private final StepResult result;
    private final TrackedProcesses processes;
    /** The fields every event of this command starts with: its step, and its fan-out target when it has one. */
    private final Map<String, Object> about;
    private final boolean durable;

    StepCommand(RunContext run, String step, StepResult result, TrackedProcesses processes, Map<String, Object> about,
                boolean durable) {
        this.run = run;
        this.step = step;
        this.result = result;
        this.processes = processes;
        this.about = about;
        this.durable = durable;
    }

    /** Runs one command line; {@code secretEnv} carries the secrets it reads from its environment. */
    CommandResult run(Map<String, Object> options, String command, Map<String, String> secretEnv) {
        if (command == null || command.isBlank()) throw new StepFailure("sh needs a command", StepFailure.Kind.ERROR);
        Shell.Options opts = Shell.Options.of(options);
        Map<String, Object> started = about();
        started.put("command", command);
        if (run.dryRun()) {
            started.put("dryRun", true);
            run.bus().emit(EventTypes.COMMAND_STARTED, started, durable);
            return new CommandResult(command, 0, "", "");
        }
        run.bus().emit(EventTypes.COMMAND_STARTED, started, durable);
        long t0 = run.clock().millis();
        CommandResult r;
        try {
            Map<String, String> environment = new LinkedHashMap<>(run.environment());
            environment.putAll(opts.env());
            environment.putAll(secretEnv);
            File dir = opts.dir() != null ? opts.dir() : run.workingDir().toFile();
            // bash, tracked with this scope's processes so that its timeout kills exactly them; or the test harness's
            CommandRunner runner = run.commands() != null ? run.commands() : Shell.bash(processes);
            r = runner.run(new ShellCommand(step, command, opts.timeout(), environment, dir), (stream, line) -> {
                if (!opts.quiet()) {
                    Map<String, Object> d = about();
                    d.put("stream", stream);
                    d.put("line", line);
                    run.bus().emit(EventTypes.STEP_OUTPUT, d, false);
                }
            });
            Shell.check(r, opts.okExitCodes());
        } catch (Shell.CommandFailed f) {
            finished(command, f.result.getExitCode(), t0, null);
            keep(f.result);
            throw f;
        } catch (StepFailure f) {
            finished(command, -1, t0, f.getMessage());
            throw f;
        } catch (InterruptedException e) {
            finished(command, -1, t0, "killed");
            throw run.stopFailure();
        }
        finished(command, r.getExitCode(), t0, null);
        keep(r);
        return r;
    }

    private void finished(String command, int exitCode, long t0, String error) {
        Map<String, Object> data = about();
        data.put("command", command);
        data.put("exitCode", exitCode);
        data.put("durationMs", run.clock().millis() - t0);
        if (error != null) data.put("error", error);
        // not fsynced on its own: the step's next durable event (its step.finished, the next command.started) or the
        // sync before an integration call takes it to disk, one fsync instead of two (see EventBus.sync)
        run.bus().emit(EventTypes.COMMAND_FINISHED, data, false);
    }

    private void keep(CommandResult r) {
        if (result != null) {
            result.appendStdout(r.getStdout());
            result.exitCode(r.getExitCode());
        }
    }


    private Map<String, Object> about() {
        return new LinkedHashMap<>(about);
    }
}
