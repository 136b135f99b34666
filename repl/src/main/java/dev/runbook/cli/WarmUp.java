package dev.runbook.cli;

import dev.runbook.term.Compilers;
import dev.runbook.term.Io;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * Starts, on a second thread, the one-time initialisations a run needs and nothing on the main thread's path
 * before them depends on: the Groovy runtime (its meta-class registry, about 50 ms), Jackson's mapper for the
 * journal and the SHA-256 provider for the compile cache's key and the journal's source hash; then, for
 * {@code exec FILE}, the runbook itself ({@link RunbookPreload}). The main thread meanwhile builds picocli's model
 * of the command line (about 60 ms). On 2 cores this takes those out of the wall time of a start; class
 * initialisation is thread-safe, so the main thread simply waits if it gets there first.
 */
public final class WarmUp {
    /**
     * The commands that load a runbook; --help, --version and the rest need none of it. Not {@code repl}: its first
     * prompt needs none of it either, and on 2 busy cores a second thread initialising Groovy before the prompt only
     * delays it (the REPL loads a runbook behind the prompt, on a thread of its own, and that thread sets Groovy up).
     */
    private static final Set<String> LOADING_COMMANDS = Set.of("exec", "plan", "check", "resume", "test", "list");

    private WarmUp() {}

    public static void startFor(String[] args, Io io) {
        if (args.length == 0 || !LOADING_COMMANDS.contains(args[0])) return;
        RunbookPreload preload = RunbookPreload.planFor(args);
        Thread t = new Thread(() -> run(preload, io), "runbook-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void run(RunbookPreload preload, Io io) {
        try {
            groovy.lang.GroovySystem.getMetaClassRegistry();
            dev.runbook.journal.Json.prepare();
            MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException | RuntimeException | LinkageError e) {
            // only a head start: the main thread does the same work when it needs it, and reports what fails then
            if (preload != null) preload.abandon();
            return;
        }
        if (preload != null) preload.load(Compilers.of(io));
    }
}
