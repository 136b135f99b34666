package dev.runbook.model;

import java.util.List;
import java.util.Optional;

/**
 * The immutable definition built by evaluating a runbook file. The engine reads only this.
 *
 * @param source      the file's path as given, for messages
 * @param contentHash SHA-256 of the file's text, journaled so a run can tell the file changed
 * @param health      the named health check used by {@code gate health}; null when none is declared
 * @param onFailure   null when the runbook has no run-level failure handler
 * @param always      null when there is none
 * @param columns     columns of calls in the source, for run-time messages
 * @param locks       the targets a run takes for itself before its first step ({@code lock "db:${params.db}"})
 */
public record Runbook(String name, String title, String description, List<String> tags, String owner,
                      Severity severity, List<Param> params, List<SecretRef> secrets, List<Node> nodes,
                      Action health, Action onFailure, Action always, String source, String contentHash,
                      ColumnLookup columns, List<LockKey> locks) {
    public Runbook {
        locks = List.copyOf(locks);
        tags = List.copyOf(tags);
        params = List.copyOf(params);
        secrets = List.copyOf(secrets);
        nodes = List.copyOf(nodes);
    }

    /** A runbook that takes no locks. */
    public Runbook(String name, String title, String description, List<String> tags, String owner,
                   Severity severity, List<Param> params, List<SecretRef> secrets, List<Node> nodes,
                   Action health, Action onFailure, Action always, String source, String contentHash,
                   ColumnLookup columns) {
        this(name, title, description, tags, owner, severity, params, secrets, nodes, health, onFailure, always, source,
                contentHash, columns, List.of());
    }

    /** The name the compiled classes carry as their source file, to find the runbook's frames in a stack. */
    public String sourceFileName() {
        String base = java.nio.file.Path.of(source).getFileName().toString();
        return base.endsWith(".groovy") ? base : base + ".groovy";
    }

    /** {@code file:line:col} of a frame of this runbook's code in {@code t}, or null when none is there. */
    public SourcePos positionIn(Throwable t, String callName) {
        String name = sourceFileName();
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (StackTraceElement e : c.getStackTrace()) {
                if (name.equals(e.getFileName()) && e.getLineNumber() > 0) {
                    return new SourcePos(source, e.getLineNumber(), callName == null ? 0 : columns.column(e.getLineNumber(), callName));
                }
            }
        }
        return null;
    }

    public List<Step> steps() {
        return nodes.stream().filter(n -> n instanceof Step).map(n -> (Step) n).toList();
    }

    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }
}
