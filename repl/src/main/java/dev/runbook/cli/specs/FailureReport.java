package dev.runbook.cli.specs;

import dev.runbook.console.Style;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

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

    public void print(SpecResults.Failure f) {
        out.println();
        String title = f.feature() == null ? f.spec() + " (the spec itself)" : f.spec() + " › " + f.feature();
        out.println(style.red("✗ ") + style.bold(title));
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
