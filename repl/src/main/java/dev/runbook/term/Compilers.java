package dev.runbook.term;

import dev.runbook.compile.ClassCache;
import dev.runbook.compile.RunbookCompiler;

/** The CLI's compiler: with the on-disk cache of compiled runbooks unless RUNBOOK_CACHE=off. */
public final class Compilers {
    private Compilers() {}

    public static RunbookCompiler of(Io io) {
        return new RunbookCompiler(Compilers.class.getClassLoader(), ClassCache.fromEnvironment(io.env()).orElse(null));
    }
}
