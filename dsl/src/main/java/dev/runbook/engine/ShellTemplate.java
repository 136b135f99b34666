package dev.runbook.engine;

import dev.runbook.model.RawShell;
import groovy.lang.GString;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns {@code sh "deploy.sh ${params.version}"} into a bash command in which the author's text is shell and every
 * value is data. A Groovy GString keeps its literal parts and its values apart: the literal parts are read as bash
 * reads them (bare words, {@code '…'}, {@code "…"}, {@code $'…'}, comments, here-documents), and each value is
 * quoted for the place it stands:
 * <ul>
 *   <li>bare: as one word, single-quoted unless it is made only of characters that never mean anything to bash (so
 *       {@code deploy.sh v1.2.3} stays as it was written); a list, one word per element;</li>
 *   <li>inside the author's {@code '…'}: its {@code '} closed and reopened around an escaped quote;</li>
 *   <li>inside {@code "…"}: {@code " $ ` \} escaped;</li>
 *   <li>inside {@code $'…'}: {@code ' \} escaped;</li>
 *   <li>in a comment: newlines become spaces (a newline would end the comment);</li>
 *   <li>in a here-document's body: {@code $ ` \} escaped when its delimiter is unquoted; a value with a newline is
 *       refused there (it could end the document).</li>
 * </ul>
 * A value the run knows as a secret never enters the command line at all: the command reads it from a variable of
 * its environment ({@code "$RUNBOOK_SECRET_DB_PASSWORD"}), so {@code ps} and {@code /proc/PID/cmdline} never show it.
 * A {@link RawShell} ({@code raw(cmd)}) is the one way to insert shell text, and a nested GString is rendered by the
 * same rules (it is the author's template too).
 */
public final class ShellTemplate {
    /** What bash leaves alone in a word: quoting such a value would change nothing (as Python's shlex.quote). */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /** The command as bash will run it, and the variables it reads secrets from. */
    public record Rendered(String command, Map<String, String> environment) {}

    private enum Where { BARE, SINGLE, DOUBLE, ANSI, COMMENT, HEREDOC }

    private final Function<Object, String> secretName;
    private final StringBuilder out = new StringBuilder();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Where where = Where.BARE;
    /** The author's backslash escapes the next character, which may be the first of a value. */
    private boolean escaped;
    /** Where the words end: the start of a comment needs a word boundary. */
    private boolean wordStart = true;
    /** Here-documents announced on this line ({@code <<EOF}), begun at its end; the one being read, and its kind. */
    private final java.util.ArrayDeque<String[]> heredocs = new java.util.ArrayDeque<>();
    private String heredocEnd;
    private boolean heredocExpands;
    private StringBuilder heredocLine = new StringBuilder();
    /** Command substitutions and subshells the text is inside ({@code $(…)}, {@code `…`}, {@code (…)}): what they close. */
    private final java.util.ArrayDeque<Frame> nested = new java.util.ArrayDeque<>();

    /** A nesting level: where the text was before it, and the character that ends it. */
    private record Frame(Where before, char closer) {}

    private ShellTemplate(Function<Object, String> secretName) {
        this.secretName = secretName;
    }

    /**
     * @param secrets the run's secrets by name: a value equal to one of them is passed through the environment
     */
    public static Rendered render(GString command, Map<String, String> secrets) {
        Map<String, String> byValue = new LinkedHashMap<>();
        secrets.forEach((name, value) -> {
            if (value == null || value.isEmpty()) return;
            byValue.putIfAbsent(value, name);
            // the URL-encoded form is as good as the secret to whoever reads the command line
            byValue.putIfAbsent(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8), name + "_URL");
        });
        ShellTemplate t = new ShellTemplate(v -> v instanceof CharSequence s ? byValue.get(s.toString()) : null);
        t.template(command);
        if (t.escaped) throw refused("the command ends with a lone backslash");
        return new Rendered(t.out.toString(), Map.copyOf(t.environment));
    }

    /** One word for bash that means {@code value} and nothing else. */
    public static String quote(String value) {
        if (value.isEmpty()) return "''";
        if (PLAIN.matcher(value).matches()) return value;
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** An argv as one command line: each element one quoted word, so bash passes them on as they are. */
    public static String argv(Collection<?> words) {
        if (words.contains(null)) throw refused("an argument of sh([...]) is null");
        return words(words);
    }

    /** One quoted word per element, space-separated. */
    private static String words(Collection<?> words) {
        StringBuilder b = new StringBuilder();
        for (Object w : words) {
            if (!b.isEmpty()) b.append(' ');
            b.append(quote(String.valueOf(w)));
        }
        return b.toString();
    }

    private void template(GString g) {
        String[] strings = g.getStrings();
        Object[] values = g.getValues();
        for (int i = 0; i < strings.length; i++) {
            literal(strings[i]);
            if (i < values.length) value(values[i]);
        }
    }

    // ---- the author's text: read as bash reads it ------------------------------------------------------------------

    private void literal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c);
            if (escaped) {
                escaped = false;
                wordStart = false;
                continue;
            }
            switch (where) {
                case BARE -> bare(c, text, i);
                case SINGLE -> { if (c == '\'') where = Where.BARE; }
                case DOUBLE -> {
                    if (c == '\\') escaped = true;
                    else if (c == '"') where = Where.BARE;
                    else if (c == '`' || (c == '(' && out.length() >= 2 && out.charAt(out.length() - 2) == '$')) {
                        // a command substitution inside "…": its text is bare shell again, up to its end
                        nested.push(new Frame(Where.DOUBLE, c == '`' ? '`' : ')'));
                        where = Where.BARE;
                        wordStart = true;
                    }
                }
                case ANSI -> {
                    if (c == '\\') escaped = true;
                    else if (c == '\'') where = Where.BARE;
                }
                case COMMENT -> { if (c == '\n') newline(); }
                case HEREDOC -> heredocChar(c);
            }
        }
    }

    private void bare(char c, String text, int i) {
        boolean boundary = wordStart;
        wordStart = Character.isWhitespace(c) || c == ';' || c == '&' || c == '|' || c == '(' || c == ')';
        switch (c) {
            case '\\' -> escaped = true;
            case '\'' -> where = out.length() >= 2 && out.charAt(out.length() - 2) == '$' ? Where.ANSI : Where.SINGLE;
            case '"' -> where = Where.DOUBLE;
            case '#' -> { if (boundary) where = Where.COMMENT; }
            case '(' -> nested.push(new Frame(Where.BARE, ')'));
            case '`' -> {
                if (!nested.isEmpty() && nested.peek().closer() == '`') where = nested.pop().before();
                else nested.push(new Frame(Where.BARE, '`'));
            }
            case ')' -> { if (!nested.isEmpty() && nested.peek().closer() == ')') where = nested.pop().before(); }
            case '\n' -> newline();
            case '<' -> {
                if (i + 1 < text.length() && text.charAt(i + 1) == '<' && (i + 2 >= text.length() || text.charAt(i + 2) != '<')
                        && (i == 0 || text.charAt(i - 1) != '<')) {
                    announceHeredoc(text, i + 2);
                }
            }
            default -> { }
        }
    }

    /** {@code <<EOF}, {@code <<-'EOF'}, {@code << "EOF"}: its body starts on the next line. */
    private void announceHeredoc(String text, int from) {
        int i = from;
        if (i < text.length() && text.charAt(i) == '-') i++;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && ";&|<>()".indexOf(text.charAt(i)) < 0) {
            char c = text.charAt(i++);
            if (c == '\'' || c == '"' || c == '\\') quoted = true;
            else word.append(c);
        }
        if (!word.isEmpty()) heredocs.add(new String[]{word.toString(), quoted ? "literal" : "expands"});
    }

    private void newline() {
        where = Where.BARE;
        wordStart = true;
        nextHeredoc();
    }

    private void nextHeredoc() {
        String[] next = heredocs.poll();
        if (next == null) return;
        where = Where.HEREDOC;
        heredocEnd = next[0];
        heredocExpands = next[1].equals("expands");
        heredocLine = new StringBuilder();
    }

    private void heredocChar(char c) {
        if (c != '\n') {
            heredocLine.append(c);
            return;
        }
        String line = heredocLine.toString().stripLeading();
        heredocLine = new StringBuilder();
        if (line.equals(heredocEnd)) {
            where = Where.BARE;
            wordStart = true;
            nextHeredoc();
        }
    }

    // ---- a value: data, quoted for where it stands ----------------------------------------------------------------

    private void value(Object v) {
        if (v instanceof RawShell raw) {
            literal(raw.text());
            return;
        }
        if (v instanceof GString nested && where == Where.BARE && !escaped) {
            template(nested);
            return;
        }
        String secret = secretName.apply(v);
        if (secret != null) {
            secret(secret, String.valueOf(v));
            return;
        }
        if (escaped) throw refused("a backslash stands right before ${…}: it would escape the value's quoting — remove it");
        String text = String.valueOf(v);
        switch (where) {
            case BARE -> out.append(v instanceof Collection<?> words ? words(words) : quote(text));
            case SINGLE -> out.append(text.replace("'", "'\\''"));
            case DOUBLE -> out.append(escapeAll(text, "\\\"$`"));
            case ANSI -> out.append(escapeAll(text, "\\'"));
            case COMMENT -> out.append(text.replace('\n', ' ').replace('\r', ' '));
            case HEREDOC -> heredocValue(text);
        }
        wordStart = false;
    }

    private void heredocValue(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw refused("a value with a line break stands in a here-document (<<" + heredocEnd
                    + "), where it could end the document — pass it with env: [NAME: value] and write $NAME");
        }
        String v = heredocExpands ? escapeAll(text, "\\$`") : text;
        out.append(v);
        heredocLine.append(v);
    }

    /** A secret is read from the command's environment; the command line names the variable only. */
    private void secret(String name, String value) {
        String variable = "RUNBOOK_SECRET_" + name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        environment.put(variable, value);
        switch (where) {
            case BARE -> out.append("\"${").append(variable).append("}\"");
            case DOUBLE -> out.append("${").append(variable).append('}');
            case SINGLE -> out.append("'\"${").append(variable).append("}\"'");
            case ANSI -> out.append("'\"${").append(variable).append("}\"$'");
            case HEREDOC -> {
                if (!heredocExpands) throw refused("a secret stands in a here-document whose delimiter is quoted, where "
                        + "it cannot be read from the environment — write <<EOF instead of <<'EOF'");
                out.append("${").append(variable).append('}');
            }
            case COMMENT -> out.append(dev.runbook.engine.Redactor.MASK);
        }
        wordStart = false;
    }

    private static String escapeAll(String text, String special) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (special.indexOf(c) >= 0) b.append('\\');
            b.append(c);
        }
        return b.toString();
    }

    private static StepFailure refused(String why) {
        return new StepFailure("sh: " + why, StepFailure.Kind.ERROR);
    }
}
