package dev.runbook.lang;

import dev.runbook.diag.Problems;
import dev.runbook.model.Runbook;
import dev.runbook.model.SourcePos;
import groovy.lang.Closure;

import java.util.List;

/** Everything the surface builders share while one runbook file is evaluated. No I/O happens here. */
public final class DslContext {
    private final String displayPath;
    private final String sourceFileName;
    private final SourceIndex index;
    private final Problems problems;
    private final String contentHash;
    private Runbook runbook;
    private boolean defined;
    private RunbookSpec defining;

    /**
     * @param displayPath    the path as the user gave it, used in messages
     * @param sourceFileName the name the compiler gave the script's classes, used to find its frames
     */
    public DslContext(String displayPath, String sourceFileName, SourceIndex index, Problems problems, String contentHash) {
        this.displayPath = displayPath;
        this.sourceFileName = sourceFileName;
        this.index = index;
        this.problems = problems;
        this.contentHash = contentHash;
    }

    public Problems problems() {
        return problems;
    }

    public SourceIndex index() {
        return index;
    }

    public String displayPath() {
        return displayPath;
    }

    public String contentHash() {
        return contentHash;
    }

    public Runbook runbook() {
        return runbook;
    }

    /** The line of the innermost frame of the runbook script on the current stack. */
    public int currentLine() {
        return StackWalker.getInstance().walk(s -> s
                .filter(f -> sourceFileName.equals(f.getFileName()) && f.getLineNumber() > 0)
                .map(StackWalker.StackFrame::getLineNumber)
                .findFirst().orElse(0));
    }

    /** Position of the call to {@code method} being evaluated now. */
    public SourcePos callerPos(String method) {
        int line = currentLine();
        return new SourcePos(displayPath, line, index.column(line, method));
    }

    /** Position of a script frame in a throwable, for errors raised while the file is evaluated. */
    public SourcePos posOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (StackTraceElement e : c.getStackTrace()) {
                if (sourceFileName.equals(e.getFileName()) && e.getLineNumber() > 0) {
                    return new SourcePos(displayPath, e.getLineNumber(), 0);
                }
            }
        }
        return new SourcePos(displayPath, 0, 0);
    }

    /** Commands written in the body of the call to {@code method} on {@code pos}'s line. */
    public List<String> commandsAt(SourcePos pos, String method) {
        SourceIndex.Call c = index.find(pos.line(), method);
        return c == null ? List.of() : c.bodyCommands();
    }

    void define(String name, Closure<?> body, RunbookScript script) {
        SourcePos pos = callerPos("runbook");
        if (defined) {
            problems.add(pos, "a file holds one runbook; this is the second runbook(...) block",
                    "move it to a file of its own");
            return;
        }
        defined = true;
        RunbookDraft draft = new RunbookDraft(this, name, pos);
        RunbookSpec spec = new RunbookSpec(this, draft, script);
        Closure<?> c = (Closure<?>) body.clone();
        c.setDelegate(spec);
        c.setResolveStrategy(Closure.DELEGATE_ONLY);
        defining = spec;
        try {
            c.call();
        } finally {
            defining = null;
            runbook = draft.build();
        }
    }

    /** The runbook whose body is being evaluated now, or null outside runbook { }. */
    RunbookSpec defining() {
        return defining;
    }
}
