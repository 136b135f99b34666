package dev.runbook.repl;

import dev.runbook.console.Style;
import dev.runbook.engine.RunSession;
import dev.runbook.engine.StepFailure;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code trace}: the last error at the prompt (a step that failed, a Groovy line, a command) with its stack, clipped
 * to the frames of Groovy files (the runbook's and the lines typed), where the operator can do something about it;
 * {@code trace --all} shows every frame. A step's failure is the words the operator read, then what caused it.
 */
final class ErrorTrace {
    private Throwable last;
    /** The run's last node failure already taken, so that an older one does not come back after a newer error. */
    private Throwable seenNodeFailure;
    private Throwable seenLineError;

    void failed(Throwable t) { last = t; }

    /** After each line: a node that failed, or a Groovy line that threw, during it is the last error now. */
    void afterLine(RunSession session, Throwable lineError) {
        if (lineError != null && lineError != seenLineError) {
            seenLineError = lineError;
            last = lineError;
        }
        StepFailure f = session == null ? null : session.lastFailure();
        if (f != null && f != seenNodeFailure) {
            seenNodeFailure = f;
            last = f;
        }
    }

    void print(PrintStream out, Style style, boolean all, UnaryOperator<String> redact) {
        if (last == null) {
            out.println("No error yet.");
            return;
        }
        StringBuilder b = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean first = true;
        for (Throwable t = last; t != null && seen.add(t); t = t.getCause()) {
            // a StepFailure wrapping a cause without a stack of its own says only what the operator read already
            if (!first && t.getStackTrace().length == 0 && t.getCause() != null) continue;
            b.append(first ? "" : "Caused by: ").append(t instanceof StepFailure ? "" : t.getClass().getName() + ": ")
                    .append(t.getMessage()).append('\n');
            frames(t, all, b);
            first = false;
        }
        out.print(redact.apply(b.toString()));
        if (!all) out.println(style.dim("(trace --all shows every frame)"));
    }

    private static void frames(Throwable t, boolean all, StringBuilder b) {
        StackTraceElement[] stack = t.getStackTrace();
        List<StackTraceElement> shown = new ArrayList<>();
        for (StackTraceElement e : stack) if (all || ours(e)) shown.add(e);
        for (StackTraceElement e : shown) b.append("    at ").append(e).append('\n');
        if (stack.length > shown.size()) {
            b.append("    (").append(stack.length - shown.size()).append(" frames of Groovy, the engine and the JDK left out)\n");
        }
    }

    /** A frame of a Groovy file: the runbook's code, or a line typed at the prompt. */
    private static boolean ours(StackTraceElement e) {
        String file = e.getFileName();
        String c = e.getClassName();
        return file != null && file.endsWith(".groovy") && !c.startsWith("org.codehaus.groovy.") && !c.startsWith("groovy.")
                && !c.startsWith("org.apache.groovy.");
    }
}
