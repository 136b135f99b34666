package dev.runbook.term;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The streams and facts about the terminal a command works with, injected so tests can run every command
 * in-process and read what it printed.
 */
public final class Io {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean stdinTerminal;
    private final boolean stdoutTerminal;
    private volatile IntSupplier interruptTarget;
    private volatile Consumer<String> terminateTarget;
    private volatile boolean terminating;

    public Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean stdinTerminal, boolean stdoutTerminal) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.stdinTerminal = stdinTerminal;
        this.stdoutTerminal = stdoutTerminal;
    }

    public InputStream in() { return in; }
    public PrintStream out() { return out; }
    public PrintStream err() { return err; }
    public Map<String, String> env() { return env; }
    public boolean stdinTerminal() { return stdinTerminal; }
    public boolean stdoutTerminal() { return stdoutTerminal; }

    /** What Ctrl-C should stop now (a run), or null to exit at once. */
    public void onInterrupt(IntSupplier target) {
        this.interruptTarget = target;
    }

    /**
     * Delivers a Ctrl-C.
     *
     * @return how many times the current run has been interrupted; 0 when nothing was running
     */
    public int interrupt() {
        IntSupplier t = interruptTarget;
        return t == null ? 0 : t.getAsInt();
    }

    /** True once SIGTERM or SIGHUP came: the process exits in a moment, and what fails meanwhile is not news. */
    public boolean terminating() {
        return terminating;
    }

    /** What SIGTERM or SIGHUP should end before the process exits (a run), or null when nothing runs. */
    public void onTerminate(Consumer<String> target) {
        this.terminateTarget = target;
    }

    /**
     * Delivers SIGTERM or SIGHUP ({@code signal} names it) to what runs, if anything.
     *
     * @return false when nothing was there to tell
     */
    public boolean terminate(String signal) {
        terminating = true;
        Consumer<String> t = terminateTarget;
        if (t == null) return false;
        t.accept(signal);
        return true;
    }
}
