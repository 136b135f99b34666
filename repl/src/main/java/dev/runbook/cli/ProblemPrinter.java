package dev.runbook.cli;

import dev.runbook.diag.Problem;

import java.io.PrintStream;
import java.util.List;

/** Prints problems one per line, {@code file:line:col: what — what instead}, then how many there were. */
public final class ProblemPrinter {
    private ProblemPrinter() {}

    public static void print(PrintStream err, List<Problem> problems) {
        for (Problem p : problems) err.println(p);
        err.println(problems.size() == 1 ? "1 problem; nothing was run." : problems.size() + " problems; nothing was run.");
    }
}
