package dev.runbook.term;

import dev.runbook.console.ConsoleRenderer;
import dev.runbook.console.JournalLost;
import dev.runbook.console.Style;
import dev.runbook.engine.RunSession;
import dev.runbook.journal.JournalException;

import java.io.PrintStream;

/**
 * A run hooked to the terminal, the same way for {@code exec}, {@code resume} and the REPL: its events are shown as the
 * journal takes them ({@link ConsoleRenderer}), and where it stands is followed ({@link JournalLost}), so that a journal
 * that fails is reported with where the run stopped and how to go on. For {@code exec} and {@code resume}
 * ({@link #attach}), Ctrl-C and SIGTERM/SIGHUP go to the run as well; the REPL routes them itself ({@link #show}),
 * since its run changes with the file loaded and Ctrl-C never leaves it.
 *
 * <p>The hook owns the session: closing it closes the run, and only then gives Ctrl-C and the signals back, so that a
 * Ctrl-C while the run closes still reaches the run rather than ending the process.
 */
public final class SessionHook implements AutoCloseable {
    private final RunSession session;
    private final JournalLost lost;
    /** Where Ctrl-C and the signals were routed to the run; null when they were not ({@link #show}). */
    private final Io io;

    private SessionHook(RunSession session, PrintStream out, Style style, Io io) {
        this.session = session;
        this.io = io;
        session.listen(new ConsoleRenderer(out, style));
        this.lost = JournalLost.watch(session);
    }

    /**
     * {@code exec} and {@code resume}: the run is shown on the command's output; the first Ctrl-C stops the running step
     * (the failure path runs), a second one exits; SIGTERM and SIGHUP end the run (its commands are killed, the journal
     * says why). Until {@link #close}.
     */
    public static SessionHook attach(Io io, RunSession session, Style style) {
        SessionHook hook = new SessionHook(session, io.out(), style, io);
        io.onInterrupt(session::interruptToExit);
        io.onTerminate(session::terminate);
        return hook;
    }

    /** The REPL: the run is shown on {@code out}; Ctrl-C and the signals are left to the caller. */
    public static SessionHook show(RunSession session, PrintStream out, Style style) {
        return new SessionHook(session, out, style, null);
    }

    public RunSession session() {
        return session;
    }

    /**
     * The run's journal failed: prints the error after {@code prefix}, where the run stopped, and the commands that
     * show the run and go on with it once the journal works again.
     */
    public void reportLost(PrintStream to, String prefix, JournalException e) {
        lost.report(to, prefix, e);
    }

    /**
     * {@code exec} and {@code resume}: the journal failed while the run ran. Reported on stderr as {@link #reportLost};
     * returns the exit code for it.
     */
    public int journalLost(JournalException e) {
        lost.report(io.err(), "runbook: ", e);
        return ExitCodes.ENVIRONMENT;
    }

    /** Closes the run; then Ctrl-C and the signals, if they were the run's, go back to ending the process. */
    @Override
    public void close() {
        try {
            session.close();
        } finally {
            if (io != null) {
                io.onInterrupt(null);
                io.onTerminate(null);
            }
        }
    }
}
