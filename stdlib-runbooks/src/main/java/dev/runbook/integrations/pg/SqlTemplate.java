package dev.runbook.integrations.pg;

import dev.runbook.engine.StepFailure;
import dev.runbook.model.RawShell;
import groovy.lang.GString;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code db.query("SELECT * FROM orders WHERE id = ${params.id}")}: the text the author wrote is SQL, each value is
 * data. A value standing bare becomes a bind parameter ({@code ?}); inside the author's {@code '…'} its quotes are
 * doubled; inside {@code "…"} (an identifier) its double quotes are doubled; in a comment its line breaks become
 * spaces and it can neither end the comment nor open a nested one. {@code raw(text)} inserts SQL text as it is (a table name
 * built in the runbook, say). The same rule as {@code sh}'s (the engine's ShellTemplate), for the same reason: a
 * person's input never becomes code.
 */
final class SqlTemplate {
    /** The statement with {@code ?} where values are bound, and the values in order. */
    record Bound(String sql, List<Object> args) {}

    /** A text value bound with no type of its own, so PostgreSQL gives it the type its place needs ({@code id = ?}). */
    record Untyped(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private enum Where { BARE, STRING, IDENTIFIER, LINE_COMMENT, BLOCK_COMMENT }

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> args = new ArrayList<>();
    private Where where = Where.BARE;
    /** The string the value stands in was opened as {@code E'…'}: backslashes escape there. */
    private boolean escapeString;

    private SqlTemplate() {}

    static Bound bind(GString statement) {
        SqlTemplate t = new SqlTemplate();
        String[] strings = statement.getStrings();
        Object[] values = statement.getValues();
        for (int i = 0; i < strings.length; i++) {
            t.literal(strings[i]);
            if (i < values.length) t.value(values[i]);
        }
        return new Bound(t.sql.toString(), List.copyOf(t.args));
    }

    private void literal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            sql.append(c);
            switch (where) {
                case BARE -> {
                    if (c == '\'') {
                        where = Where.STRING;
                        escapeString = sql.length() >= 2 && Character.toUpperCase(sql.charAt(sql.length() - 2)) == 'E';
                    } else if (c == '"') where = Where.IDENTIFIER;
                    else if (c == '-' && next == '-') where = Where.LINE_COMMENT;
                    else if (c == '/' && next == '*') where = Where.BLOCK_COMMENT;
                }
                // a doubled quote ('it''s') closes and reopens at once: the state comes back on the next character
                case STRING -> {
                    if (c == '\\' && escapeString && next != 0) sql.append(text.charAt(++i));
                    else if (c == '\'') where = Where.BARE;
                }
                case IDENTIFIER -> { if (c == '"') where = Where.BARE; }
                case LINE_COMMENT -> { if (c == '\n') where = Where.BARE; }
                case BLOCK_COMMENT -> {
                    if (c == '*' && next == '/') {
                        sql.append('/');
                        i++;
                        where = Where.BARE;
                    }
                }
            }
        }
    }

    private void value(Object v) {
        if (v instanceof RawShell raw) {
            literal(raw.text());
            return;
        }
        String text = String.valueOf(v);
        switch (where) {
            case BARE -> {
                sql.append('?');
                args.add(v instanceof CharSequence cs ? new Untyped(cs.toString()) : v);
            }
            case STRING -> {
                if (text.indexOf('\\') >= 0 && !escapeString) {
                    // without E'…' a backslash means itself only where the server has standard_conforming_strings
                    throw new StepFailure("pg: a value with a backslash stands inside '…' in the SQL — take the quotes "
                            + "away around ${…} so it is bound as a value", StepFailure.Kind.ERROR);
                }
                sql.append(escapeString ? text.replace("\\", "\\\\").replace("'", "''") : text.replace("'", "''"));
            }
            case IDENTIFIER -> sql.append(text.replace("\"", "\"\""));
            case LINE_COMMENT -> sql.append(text.replace('\n', ' ').replace('\r', ' '));
            // PostgreSQL nests block comments: neither an end nor a start may come from a value
            case BLOCK_COMMENT -> sql.append(text.replace("*/", "* /").replace("/*", "/ *"));
        }
    }
}
