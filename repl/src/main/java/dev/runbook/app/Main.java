package dev.runbook.app;

import dev.runbook.cli.CompleteParamsCommand;
import dev.runbook.cli.WarmUp;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;

import java.lang.reflect.Method;

/** The {@code runbook} command. The only place that calls {@link System#exit}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals(CompleteParamsCommand.NAME)) {
            // shell completion runs this on each TAB after -p: answered without picocli's command tree, which costs
            // more CPU than the answer (about 0.4 s against 0.12 s in all, 2026-11-26)
            Io io = new Io(System.in, System.out, System.err, System.getenv(), false, false);
            int code = CompleteParamsCommand.answer(io, java.nio.file.Path.of(args[1]));
            System.out.flush();
            System.exit(code);
        }
        // picocli's Groovy-closure support initialises the whole Groovy runtime (about a second) even for --help;
        // our commands use no closures in annotations
        System.setProperty("picocli.disable.closures", "true");
        Io io = new Io(System.in, System.out, System.err, System.getenv(),
                terminal("runbook.stdin.tty"), terminal("runbook.stdout.tty"));
        if (args.length > 0 && args[0].equals("repl") && io.stdinTerminal() && io.stdoutTerminal()) {
            dev.runbook.repl.ReplCommand.buildTerminalAhead(); // the REPL's first prompt waits for it otherwise
        }
        WarmUp.startFor(args, io);
        installCtrlC(io);
        exitOnFullHeapElsewhere(io);
        int code = RunbookCli.run(io, args);
        System.out.flush();
        System.exit(code);
    }

    /**
     * First Ctrl-C: the running step is stopped and the failure path runs. Second: exit at once (the journal already
     * has every transition). Without a run in progress, the first one exits. SIGTERM and SIGHUP: the run's commands
     * are killed, the journal says why it ends, and the CLI exits with 3.
     */
    private static void installCtrlC(Io io) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> {
                int n = io.interrupt();
                if (n == 0 || n >= 2) {
                    System.out.flush();
                    Runtime.getRuntime().halt(ExitCodes.ABORTED);
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT on this platform: the JVM's default handling stays
        }
        // told to end (kill, a supervisor; the terminal or SSH connection gone): a run's commands live in process
        // groups of their own and would go on unseen after the JVM; the run journals the signal and kills them. A
        // signal ignored when the JVM started (nohup ignores SIGHUP) cannot be handled and stays ignored.
        for (String name : new String[]{"TERM", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    boolean told = true;
                    try {
                        // a container being replaced is put back (or the replacement completed) and journaled first
                        dev.runbook.engine.DestructiveCalls.settle(java.time.Duration.ofSeconds(30));
                        told = io.terminate("SIG" + name);
                    } finally { // the process ends whatever telling the run did, or it would ignore the signal
                        System.out.flush();
                        // with a run: at once, as for a second Ctrl-C, before a handler can start anything; without
                        // one, the shutdown hooks may run
                        if (told) Runtime.getRuntime().halt(ExitCodes.ABORTED);
                        System.exit(ExitCodes.ABORTED);
                    }
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // ignored at start, or not on this platform: the JVM's default handling stays
            }
        }
    }

    /**
     * A thread other than the run's (an output drain, a watcher) that hits the heap's limit: one line and exit 4 rather
     * than a stack trace and a run that limps on. The journal keeps what was written: the run shows as stopped and can
     * be resumed.
     */
    private static void exitOnFullHeapElsewhere(Io io) {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                io.err().println("runbook: " + dev.runbook.engine.OutOfMemory.message());
                io.err().flush();
                Runtime.getRuntime().halt(ExitCodes.ENVIRONMENT);
            }
            System.err.println("Exception in thread \"" + thread.getName() + "\" " + e);
            e.printStackTrace();
        });
    }

    /** The launcher tells us (it knows with {@code [ -t 0 ]}); otherwise ask the JDK. */
    private static boolean terminal(String property) {
        String told = System.getProperty(property);
        if (told != null) return Boolean.parseBoolean(told);
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal"); // JDK 22+
            return (Boolean) isTerminal.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only when both ends are a terminal
        }
    }
}
