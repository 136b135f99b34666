package dev.runbook.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the compiler learned about a runbook's source that the running script cannot see: the column
 * of each DSL call (the JVM keeps only lines) and the commands each block runs, as written, for plans.
 */
public final class SourceIndex implements dev.runbook.model.ColumnLookup {
    /**
     * One implicit-this call such as {@code step('x') { ... }}.
     *
     * @param bodyCommands    commands in its trailing closure, as written
     * @param handlerCommands commands in the step's own {@code onFailure} block, as written
     */
    public record Call(int line, int column, String name, List<String> bodyCommands,
                       int handlerLine, int handlerColumn, List<String> handlerCommands) {}

    private final Map<Integer, List<Call>> byLine = new HashMap<>();

    /** Every call, for the compile cache. */
    public java.util.List<Call> calls() {
        List<Call> all = new ArrayList<>();
        byLine.values().forEach(all::addAll);
        return all;
    }

    public void add(Call call) {
        byLine.computeIfAbsent(call.line(), l -> new ArrayList<>()).add(call);
    }

    /** The first call named {@code name} on {@code line}, or null. */
    public Call find(int line, String name) {
        for (Call c : byLine.getOrDefault(line, List.of())) {
            if (c.name().equals(name)) return c;
        }
        return null;
    }

    /** Column of the first call named {@code name} on {@code line}; 0 when unknown. */
    @Override
    public int column(int line, String name) {
        Call c = find(line, name);
        return c == null ? 0 : c.column();
    }
}
