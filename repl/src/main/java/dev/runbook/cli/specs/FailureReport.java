package dev.runbook.cli.specs;

import dev.runbook.console.Style;
import dev.runbook.diag.RunbookProblemsException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints what failed, the way Spock says it (the condition with its values, the interaction that did not happen)
 * and the line of the spec, without the stack trace (unless asked for, with RUNBOOK_DEBUG).
 */
public final class FailureReport {
    private final PrintStream out;
    private final Style style;
    private final Map<String, Path> sources;
    private final boolean stackTraces;

    public FailureReport(PrintStream out, Style style, Map<String, Path> sources, boolean stackTraces) {
        this.out = out;
        this.style = style;
        this.sources = sources;
        this.stackTraces = stackTraces;
    }

    /**
     * Prints every failure; the features that failed because a runbook they load does not compile are shown
     * together, with the compile error once (it is the same for each, and the file is what needs fixing).
     */
    public void printAll(List<SpecResults.Failure> failures) {
        Set<String> shown = new HashSet<>();
        for (SpecResults.Failure f : failures) {
            RunbookProblemsException problems = runbookProblems(f.cause());
            if (problems == null) {
                print(f);
                continue;
            }
            if (!shown.add(problems.getMessage())) continue;
            List<SpecResults.Failure> same = failures.stream()
                    .filter(o -> runbookProblems(o.cause()) != null && runbookProblems(o.cause()).getMessage().equals(problems.getMessage()))
                    .toList();
            out.println();
            for (SpecResults.Failure o : same) out.println(style.red("✗ ") + style.bold(title(o)));
            for (String line : problems.getMessage().split("\n", -1)) out.println("    " + line);
            out.println(style.dim("    " + (same.size() == 1 ? "the runbook this feature loads does not compile"
                    : "the runbook these " + same.size() + " features load does not compile: one error, shown once")));
            String at = location(f.cause(), f.specClass());
            if (at != null) out.println(style.dim("    at " + at));
        }
    }

    /** A runbook the spec loads that did not compile, anywhere in the failure's causes; null when that is not why. */
    private static RunbookProblemsException runbookProblems(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (x instanceof RunbookProblemsException p) return p;
        }
        return null;
    }

    private static String title(SpecResults.Failure f) {
        return f.feature() == null ? f.spec() + " (the spec itself)" : f.spec() + " › " + f.feature();
    }

    public void print(SpecResults.Failure f) {
        out.println();
        out.println(style.red("✗ ") + style.bold(title(f)));
        Throwable cause = f.cause();
        if (cause == null) return;
        for (String line : message(cause).strip().split("\n", -1)) out.println(line.isEmpty() ? "" : "    " + line);
        String at = location(cause, f.specClass());
        if (at != null) out.println(style.dim("    at " + at));
        if (stackTraces) cause.printStackTrace(out);
    }

    /** Spock's assertion errors say everything in their message; anything else also needs its type. */
    private static String message(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage();
        return t instanceof AssertionError ? m : t.getClass().getName() + (m.isEmpty() ? "" : ": " + m);
    }

    /** The spec file and line the failure came from: the first frame of the spec's class (or its closures). */
    private String location(Throwable t, String specClass) {
        if (specClass == null) return null;
        Path file = sources.get(specClass);
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            for (StackTraceElement e : x.getStackTrace()) {
                String c = e.getClassName();
                if ((c.equals(specClass) || c.startsWith(specClass + "$")) && e.getLineNumber() > 0) {
                    return (file == null ? e.getFileName() : file.toString()) + ":" + e.getLineNumber();
                }
            }
        }
        return null;
    }
}
