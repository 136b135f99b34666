package dev.runbook.compile;

import java.util.Set;

/**
 * Global AST transforms on the class path that runbooks, team files and REPL lines must not go through.
 * Spock's is on the tool's class path for {@code runbook test}: without this, every runbook compile would load
 * Spock and let it inspect the runbook's classes, for nothing.
 */
public final class GlobalTransforms {
    private GlobalTransforms() {}

    public static final Set<String> NOT_FOR_RUNBOOKS = Set.of("org.spockframework.compiler.SpockTransform");
}
