package dev.runbook.cli.importer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits a bash block into logical lines, the way bash reads them: a command continues over a line end inside
 * quotes, {@code $( )}, after a trailing {@code \}, {@code |}, {@code &&} or {@code ||}, and through a here-document.
 * A {@code #} that starts a word begins a comment (quotes in it count for nothing).
 */
final class ShellLines {
    private ShellLines() {}

    /**
     * One logical line.
     *
     * @param first index of its first physical line in the block
     * @param last  index of its last physical line
     * @param text  its physical lines, joined by {@code \n}, as written
     */
    record Line(int first, int last, String text) {
        boolean blank() {
            return text.isBlank();
        }

        boolean comment() {
            return text.strip().startsWith("#");
        }

        /** The comment's words without the {@code #}. */
        String commentText() {
            return text.strip().replaceFirst("^#+!?", "").strip();
        }
    }

    static List<Line> split(String code) {
        String[] physical = code.split("\n", -1);
        int count = physical.length;
        if (count > 0 && physical[count - 1].isEmpty()) count--; // the block's last newline
        List<Line> out = new ArrayList<>();
        Deque<Character> open = new ArrayDeque<>();
        Deque<String> heredocs = new ArrayDeque<>();
        int start = 0;
        for (int i = 0; i < count; i++) {
            String line = physical[i];
            boolean continues;
            if (!heredocs.isEmpty() && i > start) {
                String body = line.replaceFirst("^\\t+", "");
                if (body.equals(heredocs.peekFirst())) heredocs.removeFirst();
                continues = !heredocs.isEmpty();
            } else {
                continues = scan(line, open, heredocs);
            }
            if (!continues || i == count - 1) {
                out.add(new Line(start, i, String.join("\n", java.util.Arrays.copyOfRange(physical, start, i + 1))));
                start = i + 1;
                open.clear();
                heredocs.clear();
            }
        }
        return out;
    }

    /**
     * Reads one physical line, updating what is open (quotes, parentheses, backticks) and the here-documents to read.
     *
     * @return true when the logical line goes on after it
     */
    private static boolean scan(String line, Deque<Character> open, Deque<String> heredocs) {
        int n = line.length();
        int codeEnd = n;
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            Character top = open.peek();
            if (top != null && top == '\'') {
                if (c == '\'') open.pop();
                continue;
            }
            if (c == '\\') {
                if (i == n - 1) return true; // line continuation
                i++;
                continue;
            }
            if (top != null && top == '"') {
                if (c == '"') open.pop();
                else if (c == '`') open.push('`');
                else if (c == '$' && i + 1 < n && line.charAt(i + 1) == '(') { open.push('('); i++; }
                continue;
            }
            if (top != null && top == '`') {
                if (c == '`') open.pop();
                continue;
            }
            switch (c) {
                case '#' -> {
                    if (i == 0 || Character.isWhitespace(line.charAt(i - 1)) || ";(|&".indexOf(line.charAt(i - 1)) >= 0) {
                        codeEnd = i;
                        i = n; // the rest is a comment
                    }
                }
                case '\'' -> open.push('\'');
                case '"' -> open.push('"');
                case '`' -> open.push('`');
                case '(' -> open.push('(');
                case ')' -> { if (top != null && top == '(') open.pop(); }
                case '<' -> {
                    if (i + 1 < n && line.charAt(i + 1) == '<' && (i + 2 >= n || line.charAt(i + 2) != '<')) {
                        String delimiter = heredocDelimiter(line.substring(i + 2));
                        if (!delimiter.isEmpty()) heredocs.addLast(delimiter);
                        i++;
                    }
                }
                default -> { }
            }
        }
        if (!open.isEmpty() || !heredocs.isEmpty()) return true;
        String code = line.substring(0, codeEnd).stripTrailing();
        return code.endsWith("|") || code.endsWith("&&") || code.endsWith("||");
    }

    /** {@code <<EOF}, {@code <<-EOF}, {@code <<'EOF'}, {@code << "EOF"} → EOF. */
    private static String heredocDelimiter(String after) {
        String s = after.startsWith("-") ? after.substring(1) : after;
        s = s.stripLeading();
        StringBuilder d = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (Character.isWhitespace(c) || c == ';' || c == '|' || c == '&' || c == '>' || c == '<' || c == ')') break;
            if (c != '\'' && c != '"' && c != '\\') d.append(c);
        }
        return d.toString();
    }
}
