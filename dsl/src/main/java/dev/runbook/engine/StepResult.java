package dev.runbook.engine;

import java.time.Duration;

/** {@code steps['name']}: how an earlier step went and what it printed. */
public final class StepResult {
    private volatile StepStatus status = StepStatus.PENDING;
    private volatile int attempts;
    private volatile Duration duration = Duration.ZERO;
    private final StringBuilder stdout = new StringBuilder();
    private volatile int exitCode;
    private volatile Object value;
    private volatile String error;

    /**
     * The documented word for where the step stands: "pending", "running", "ok", "failed", "skipped" or
     * "failed continued", so that {@code steps['x'].status == 'ok'} (and {@code in}, {@code switch}) mean what they
     * read; an enum compared with a String is silently false in Groovy.
     */
    public String getStatus() { return status.label(); }
    /** Where the step stands, for the engine. */
    public StepStatus status() { return status; }
    public int getAttempts() { return attempts; }
    public Duration getDuration() { return duration; }
    /** Everything the step's commands printed to stdout in its last attempt. */
    public synchronized String getStdout() { return stdout.toString(); }
    /** The exit code of the step's last command. */
    public int getExitCode() { return exitCode; }
    /** What the step body returned. */
    public Object getValue() { return value; }
    /** Why it failed; null when it did not. */
    public String getError() { return error; }
    public boolean isOk() { return status == StepStatus.OK; }
    public boolean isFailed() { return status == StepStatus.FAILED || status == StepStatus.FAILED_CONTINUED; }
    public boolean isSkipped() { return status == StepStatus.SKIPPED; }

    void status(StepStatus s) { status = s; }
    void attempts(int n) { attempts = n; }
    void duration(Duration d) { duration = d; }
    void value(Object v) { value = v; }
    void error(String e) { error = e; }
    void exitCode(int code) { exitCode = code; }
    synchronized void resetOutput() { stdout.setLength(0); }
    synchronized void appendStdout(String s) { stdout.append(s); }

    @Override
    public String toString() { return status.label(); }
}
