package dev.runbook.repl;

import dev.runbook.compile.RunbookCompiler;
import dev.runbook.compile.TeamFiles;
import dev.runbook.diag.Problem;
import dev.runbook.diag.RunbookProblemsException;
import dev.runbook.model.Runbook;
import dev.runbook.model.Team;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Compiles a runbook file and its team for the REPL, on the REPL's thread ({@link #compile}) or on a thread of its
 * own while the operator already has the prompt ({@link #start}). It changes nothing: the REPL's thread takes what it
 * found in ({@code RunDriver.finishLoading}).
 */
final class RunbookLoading {
    /**
     * What loading a file found, before anything changed: the runbook and its team, or the problems, or what broke.
     * Made on any thread; taken in on the REPL's.
     */
    record Compiled(Path file, Map<String, String> params, Runbook runbook, Team team, List<Problem> problems,
                    Throwable failure, long millis) {}

    private final RunbookCompiler compiler;
    private final Path teamFile;
    /** The file being compiled in the background, and the compile; null when none is pending. */
    private volatile Path pendingFile;
    private volatile CompletableFuture<Compiled> pending;

    RunbookLoading(RunbookCompiler compiler, Path teamFile) {
        this.compiler = compiler;
        this.teamFile = teamFile;
    }

    Compiled compile(Path f, Map<String, String> params) {
        long t0 = System.nanoTime();
        Map<String, String> copy = new LinkedHashMap<>(params);
        try {
            Runbook rb = compiler.compile(f);
            Team t = TeamFiles.load(teamFile, f, Path.of(""), compiler);
            return new Compiled(f, copy, rb, t, List.of(), null, (System.nanoTime() - t0) / 1_000_000);
        } catch (RunbookProblemsException e) {
            return new Compiled(f, copy, null, null, e.problems(), null, 0);
        } catch (RuntimeException | LinkageError e) {
            return new Compiled(f, copy, null, null, List.of(), e, 0);
        }
    }

    /**
     * Starts compiling {@code f} on a thread of its own, so that the prompt comes before the runbook is ready (the
     * Groovy runtime's start-up and the compile take most of a second).
     *
     * @param loaded called on the loading thread once the compile is done (the REPL shows it above the prompt)
     */
    void start(Path f, Map<String, String> params, Runnable loaded) {
        CompletableFuture<Compiled> future = new CompletableFuture<>();
        pendingFile = f;
        pending = future;
        Thread t = new Thread(() -> {
            try {
                future.complete(compile(f, params));
            } catch (Throwable e) {
                // what compile does not turn into a load failure (an Error: a class of the tool missing, a VM error)
                // would end this thread unseen and leave the REPL waiting for the load for ever: take() throws it
                future.completeExceptionally(e);
            }
            loaded.run();
        }, "runbook-load");
        t.setDaemon(true); // leaving the REPL before the file is loaded does not wait for it
        t.start();
    }

    /** The file a background load is compiling, or null when none is pending. */
    Path pendingFile() { return pendingFile; }

    /** A background load is pending (done or not) and not taken yet. */
    boolean pending() { return pending != null; }

    /** A background load is done and waits to be taken (one that broke is not: {@link #broke}). */
    boolean done() {
        CompletableFuture<Compiled> l = pending;
        return l != null && l.isDone() && !l.isCompletedExceptionally();
    }

    /** A background load is done and broke: {@link #take} throws {@link Broken}. */
    boolean broke() {
        CompletableFuture<Compiled> l = pending;
        return l != null && l.isCompletedExceptionally();
    }

    /**
     * Waits for a pending background load and takes what it found; null when none is pending.
     *
     * @throws Broken when the loading thread died of something compile does not report as a load failure
     */
    Compiled take() {
        CompletableFuture<Compiled> l = pending;
        if (l == null) return null;
        Compiled c;
        try {
            c = l.join();
        } catch (java.util.concurrent.CompletionException e) {
            // stays pending: whoever asks again (a widget, the completer, the next line) gets it too, until the REPL's
            // loop reports it
            throw new Broken(pendingFile, e.getCause());
        }
        pending = null;
        pendingFile = null;
        return c;
    }

    /** The loading thread died (of an Error): the REPL cannot know what state the tool is in, and ends (exit 4). */
    static final class Broken extends RuntimeException {
        Broken(Path file, Throwable cause) {
            super("loading " + file + " failed: " + cause, cause);
        }
    }
}
