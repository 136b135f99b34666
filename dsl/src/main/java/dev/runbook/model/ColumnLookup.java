package dev.runbook.model;

/** Finds the column of a call on a line of the runbook's source; the JVM's stack traces only keep lines. */
@FunctionalInterface
public interface ColumnLookup {
    ColumnLookup NONE = (line, name) -> 0;

    /** @return the column of the first call named {@code name} on {@code line}, or 0 when unknown */
    int column(int line, String name);
}
