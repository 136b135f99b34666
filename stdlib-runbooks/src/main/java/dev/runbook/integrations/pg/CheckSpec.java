package dev.runbook.integrations.pg;

import java.util.ArrayList;
import java.util.List;

/** The delegate of a {@code pg.check} block: records what to expect, runs nothing. */
public final class CheckSpec {
    /** One expectation: a query (with the values bound into it) and the number it must give. */
    record Expectation(String label, String sql, List<Object> args, long expected) {
        Expectation(String label, String sql, long expected) {
            this(label, sql, List.of(), expected);
        }

        Expectation(String label, groovy.lang.GString sql, long expected) {
            this(label, SqlTemplate.bind(sql), expected);
        }

        private Expectation(String label, SqlTemplate.Bound bound, long expected) {
            this(label, bound.sql(), bound.args(), expected);
        }
    }

    private final List<Expectation> expectations = new ArrayList<>();

    /** The query's number (or its row count, when it returns rows) must be 0. */
    public void expectZero(String sql) {
        expectations.add(new Expectation(null, sql, 0));
    }

    public void expectZero(String label, String sql) {
        expectations.add(new Expectation(label, sql, 0));
    }

    /** As {@link #expectZero(String)}; each {@code ${value}} is bound as data (SqlTemplate). */
    public void expectZero(groovy.lang.GString sql) {
        expectations.add(new Expectation(null, sql, 0));
    }

    public void expectZero(String label, groovy.lang.GString sql) {
        expectations.add(new Expectation(label, sql, 0));
    }

    public void expect(groovy.lang.GString sql, long expected) {
        expectations.add(new Expectation(null, sql, expected));
    }

    public void expect(String label, groovy.lang.GString sql, long expected) {
        expectations.add(new Expectation(label, sql, expected));
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
