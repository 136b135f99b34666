package dev.runbook.integrations.pg;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at semicolons that are code: not in a comment, a quoted string or identifier, or
 * a dollar-quoted body (so a PL/pgSQL function's own BEGIN ... END is not taken for transaction control).
 */
final class SqlStatements {
    /** @param line the 1-based line where the statement's first word is */
    record Statement(String text, int line) {}

    private SqlStatements() {}

    static List<Statement> split(String sql) {
        List<Statement> out = new ArrayList<>();
        StringBuilder code = new StringBuilder(); // the statement with comments and quoted text blanked out
        int line = 1;
        int start = -1;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') i++;
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(sql, i, end);
                i = end;
                code.append(' ');
                continue;
            }
            if (c == '\n') line++;
            if (c == ';') {
                if (start > 0 && !code.toString().isBlank()) out.add(new Statement(code.toString(), start));
                code.setLength(0);
                start = -1;
                i++;
                continue;
            }
            if (start < 0 && !Character.isWhitespace(c)) start = line;
            if (c == '\'' || c == '"') {
                int end = closing(sql, i + 1, c);
                line += count(sql, i, end);
                code.append(c).append(c);
                i = end;
                continue;
            }
            if (c == '$') {
                int tagEnd = sql.indexOf('$', i + 1);
                if (tagEnd > 0 && sql.substring(i + 1, tagEnd).matches("[A-Za-z_]*")) {
                    String tag = sql.substring(i, tagEnd + 1);
                    int end = sql.indexOf(tag, tagEnd + 1);
                    end = end < 0 ? n : end + tag.length();
                    line += count(sql, i, end);
                    code.append("$$");
                    i = end;
                    continue;
                }
            }
            code.append(c);
            i++;
        }
        if (start > 0 && !code.toString().isBlank()) out.add(new Statement(code.toString(), start));
        return out;
    }

    /** The index after the closing quote; a doubled quote is part of the text. */
    private static int closing(String sql, int from, char quote) {
        int i = from;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int count(String sql, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) if (sql.charAt(i) == '\n') lines++;
        return lines;
    }
}
