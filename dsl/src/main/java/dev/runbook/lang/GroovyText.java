package dev.runbook.lang;

/**
 * Groovy source text made from any text (a page's, a command line's), which may hold anything: quotes, backslashes, {@code $}, three quotes
 * in a row, unicode escapes. No string written here is a GString: single quotes (never interpolated), or double
 * quotes only around text without {@code $}, backslash or double quote — so {@code $} stays bash's. Backslashes are
 * doubled (Groovy reads a backslash-u escape inside strings; a doubled backslash keeps it text), quotes that would
 * end the string are escaped, and control characters are written as escapes.
 */
public final class GroovyText {
    private GroovyText() {}

    /**
     * A string literal with the exact value {@code s}: {@code 'one line'}; {@code "it's"} when it has quotes but nothing
     * a double-quoted string reads; else {@code '''…'''}.
     */
    public static String literal(String s) {
        // quotes inside and nothing Groovy reads in "…" ($, backslash, "): a plain string in double quotes reads best
        if (s.indexOf('\'') >= 0 && s.chars().noneMatch(c -> c == '$' || c == '\\' || c == '"' || c < 0x20 || c == 0x7f)) {
            return '"' + s + '"';
        }
        boolean lines = s.indexOf('\n') >= 0;
        boolean triple = lines || s.indexOf('\'') >= 0;
        // a script (whole lines) starts on the line after ''' (a backslash before a newline is no character in a '''
        // string); a command continued over lines starts right after it, as on the page
        StringBuilder sb = new StringBuilder(lines && s.endsWith("\n") ? "'''\\\n" : triple ? "'''" : "'");
        int trailing = s.length();
        while (trailing > 0 && s.charAt(trailing - 1) == '\'') trailing--;
        int quotes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                // in '''…''' a quote needs escaping only where it would make three in a row, or touch the closing '''
                if (!triple || quotes == 2 || i >= trailing) {
                    sb.append("\\'");
                    quotes = 0;
                } else {
                    sb.append('\'');
                    quotes++;
                }
                continue;
            }
            quotes = 0;
            if (c == '\\') sb.append("\\\\");
            else if (c == '\n' || c == '\t') sb.append(c);
            else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append(triple ? "'''" : "'").toString();
    }

    /** A one-line {@code //} comment's text: one line, and no unicode escape for Groovy to read. */
    public static String comment(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\\') sb.append("\\\\");
            else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') sb.append(' ');
            else sb.append(c);
        }
        return sb.toString();
    }
}
