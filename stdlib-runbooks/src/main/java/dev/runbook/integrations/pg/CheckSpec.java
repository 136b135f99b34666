package dev.runbook.integrations.pg;

import java.util.ArrayList;
import java.util.List;

/** The delegate of a {@code pg.check} block: records what to expect, runs nothing. */
public final class CheckSpec {
    /** One expectation: a query and the number it must give. */
    record Expectation(String label, String sql, long expected) {}

    private final List<Expectation> expectations = new ArrayList<>();

    /** The query's number (or its row count, when it returns rows) must be 0. */
    public void expectZero(String sql) {
        expectations.add(new Expectation(null, sql, 0));
    }

    public void expectZero(String label, String sql) {
        expectations.add(new Expectation(label, sql, 0));
    }

    /** The query's number (or row count) must equal {@code expected}. */
    public void expect(String sql, long expected) {
        expectations.add(new Expectation(null, sql, expected));
    }

    public void expect(String label, String sql, long expected) {
        expectations.add(new Expectation(label, sql, expected));
    }

    List<Expectation> expectations() {
        return expectations;
    }
}
