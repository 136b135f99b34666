package dev.runbook.term;

/** The exit codes of every command, as documented in the language contract. */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    /** the runbook ran and failed */
    public static final int FAILED = 1;
    /** bad input: a runbook file, params, flags */
    public static final int BAD_INPUT = 2;
    /** the operator aborted (Ctrl-C, a declined prompt) or an approval was denied */
    public static final int ABORTED = 3;
    /** the journal or the environment failed */
    public static final int ENVIRONMENT = 4;
}
