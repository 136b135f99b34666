package dev.runbook.cli;

import dev.runbook.compile.RunbookCompiler;
import dev.runbook.model.Runbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code runbook exec FILE ...}: the runbook is loaded (from the compile cache, or compiled) on the warm-up thread
 * while the main thread builds picocli's model of the command line, and {@link ExecCommand} takes the result. On
 * 2 cores that takes the script's loading and evaluation (about 35 ms of a cached run's 375) out of the wait for the
 * first step. It is the same compile {@code exec} would do, with the same environment; its problems are reported by
 * {@code exec} exactly as its own compile's would be.
 */
final class RunbookPreload {
    private static volatile RunbookPreload pending;

    private final Path file;
    private final long size;
    private final long modified;
    private final CompletableFuture<Runbook> result = new CompletableFuture<>();

    private RunbookPreload(Path file, long size, long modified) {
        this.file = file;
        this.size = size;
        this.modified = modified;
    }

    /**
     * The preload for this command line, registered so {@link #take} waits for it, or null: only {@code exec}
     * with its file right after it ({@code exec -p x=1 FILE} is left to picocli) and only a file on disk (not a
     * {@code stdlib:} name).
     */
    static RunbookPreload planFor(String[] args) {
        if (args.length < 2 || !args[0].equals("exec") || args[1].startsWith("-")) return null;
        try {
            Path f = Path.of(args[1]).toAbsolutePath().normalize();
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            if (!a.isRegularFile()) return null;
            RunbookPreload p = new RunbookPreload(f, a.size(), a.lastModifiedTime().toMillis());
            pending = p;
            return p;
        } catch (IOException | InvalidPathException e) {
            return null; // exec reports a missing or unreadable file itself
        }
    }

    /** Loads the runbook; always completes, so {@link #take} never waits for ever. */
    void load(RunbookCompiler compiler) {
        try {
            result.complete(compiler.compile(file));
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }

    /** Completes without a runbook, so {@link #take} compiles (the warm-up failed before it got here). */
    void abandon() {
        result.complete(null);
    }

    /**
     * The preloaded runbook when it is of {@code requested} and the file has not changed since; empty otherwise,
     * and the caller compiles. Throws what the compile threw (a {@code RunbookProblemsException} for a runbook
     * with mistakes). Used once.
     */
    static Optional<Runbook> take(Path requested) {
        RunbookPreload p = pending;
        pending = null;
        if (p == null) return Optional.empty();
        try {
            Path f = requested.toAbsolutePath().normalize();
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            if (!f.equals(p.file) || a.size() != p.size || a.lastModifiedTime().toMillis() != p.modified) return Optional.empty();
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(p.result.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }
}
