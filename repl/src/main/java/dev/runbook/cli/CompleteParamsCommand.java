package dev.runbook.cli;

import dev.runbook.compile.ClassCache;
import dev.runbook.compile.ParamNameCache;
import dev.runbook.compile.DeclaredParams;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code runbook __complete-params FILE}: the param names of a runbook file, one per line, for the shell completion
 * of {@code -p} ({@link CompletionCommand}). Hidden: people never type it. A file compiled before (by any command)
 * is answered from {@link ParamNameCache} without starting Groovy; otherwise from its syntax tree
 * ({@link DeclaredParams}): nothing of the file runs on a TAB.
 */
@Command(name = CompleteParamsCommand.NAME, hidden = true, description = "The param names of a runbook file, one per line.")
public final class CompleteParamsCommand implements Callable<Integer> {
    public static final String NAME = "__complete-params";

    private final Io io;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    public CompleteParamsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        return answer(io, file);
    }

    /** Prints the names; the entry point ({@code Main}) calls it before building the command tree (a TAB should not pay for that). */
    public static int answer(Io io, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            io.err().println("runbook: cannot read " + file + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        Optional<List<String>> cached = ClassCache.fromEnvironment(io.env()).map(ClassCache::paramNames)
                .flatMap(c -> c.names(text));
        // never compiled here: compiling evaluates the file, and a TAB must not run what nobody chose to run
        Optional<List<String>> names = cached.isPresent() ? cached : DeclaredParams.of(text);
        if (names.isEmpty()) return ExitCodes.BAD_INPUT; // does not parse: the shell shows no candidates
        names.get().forEach(io.out()::println);
        return ExitCodes.OK;
    }
}
