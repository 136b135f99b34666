package dev.runbook.model;

/** What {@code sh} returns: the exit code and the captured output (the output also streamed live). */
public final class CommandResult {
    private final String command;
    private final int exitCode;
    private final String stdout;
    private final String stderr;

    public CommandResult(String command, int exitCode, String stdout, String stderr) {
        this.command = command;
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public String getCommand() { return command; }
    public int getExitCode() { return exitCode; }
    public String getStdout() { return stdout; }
    public String getStderr() { return stderr; }
    /** True when the command exited 0. */
    public boolean isOk() { return exitCode == 0; }

    /** The output without its trailing newline, so {@code sh('hostname').text} reads naturally. */
    public String getText() { return stdout.stripTrailing(); }

    @Override
    public String toString() { return getText(); }
}
