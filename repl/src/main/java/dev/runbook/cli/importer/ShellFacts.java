package dev.runbook.cli.importer;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a logical line of bash is, for the importer: a step marker, a variable set to a value a person chooses
 * (configuration), a {@code cd}, a health check, or shell code that only works as part of a whole script.
 */
final class ShellFacts {
    private ShellFacts() {}

    /** {@code # Step 2: Restore}, {@code # 2. Restore}, {@code # 2) Restore}. */
    private static final Pattern MARKER = Pattern.compile("(?i)^#+\\s*(?:step\\s*\\d+\\s*[:.)-]|\\d+\\s*[.):])\\s*(\\S.*)$");
    /** {@code NAME=value}, {@code export NAME="value"}, with an optional comment after it. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "^(export\\s+)?([A-Z_][A-Z0-9_]*)=(\"[^\"`$\\\\]*\"|'[^']*'|[^\\s\"'`$\\\\;&|<>()]*|\"?\\$\\{?([1-9])(?::-([^}\"`$]*))?}?\"?)(?:\\s+#\\s*(.*))?$");
    private static final Pattern ANY_ASSIGNMENT = Pattern.compile("^(export\\s+|local\\s+|declare\\s+\\S*\\s*|readonly\\s+)?[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?\\+?=");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern POSITIONAL = Pattern.compile("\\$(\\{?[0-9#@*])");
    private static final Pattern HEALTH = Pattern.compile(
            "^curl((?:\\s+-{1,2}[A-Za-z-]+)*)\\s+['\"]?(https?://[^\\s'\"$`]+/health[a-z]*/?)['\"]?(\\s*\\|\\|\\s*echo\\s+(\"[^\"$`]*\"|'[^']*'))?\\s*$");
    private static final Set<String> SCRIPT_WORDS = Set.of("if", "then", "elif", "else", "fi", "for", "while", "until", "do",
            "done", "case", "esac", "function", "select", "{", "}", "(", ")", "exit", "return", "trap", "source", ".", "set",
            "shift", "local", "declare", "readonly", "read", "eval", "exec", "wait", "unset", "alias", "pushd", "popd");
    /** Environment variables a run has anyway: never params, never secrets. */
    static final Set<String> STANDARD = Set.of("HOME", "PATH", "USER", "SHELL", "PWD", "OLDPWD", "LANG", "TERM", "IFS",
            "HOSTNAME", "RANDOM", "SECONDS", "LINENO", "UID", "EUID", "PPID", "TMPDIR", "LOGNAME", "BASH", "BASH_SOURCE");
    private static final Pattern SENSITIVE = Pattern.compile(
            ".*(PASSWORD|PASSWD|TOKEN|SECRET|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL|_DSN|^(DATABASE|DB|PG|POSTGRES|MYSQL|REDIS|MONGO)\\w*_URL).*");

    /** The step name a marker comment gives ("Restore"), or null. */
    static String marker(ShellLines.Line line) {
        if (!line.comment() || line.text().strip().startsWith("#!")) return null;
        Matcher m = MARKER.matcher(line.text().strip());
        return m.matches() ? m.group(1).strip() : null;
    }

    /**
     * A variable set to a value chosen by a person: a literal, or an argument of the script.
     *
     * @param value    the literal without its quotes; for an argument, its default (null: none)
     * @param argument the script's argument it came from (1 for {@code $1}), 0 for a literal
     * @param note     the comment written after it on the page, or ""
     */
    record Assignment(String name, String value, int argument, String note) {
        boolean required() {
            return value == null || value.isEmpty();
        }

        boolean secret() {
            return SENSITIVE.matcher(name).matches();
        }

        /** The line as a runbook may show it: a secret's value is never copied. */
        String shown(ShellLines.Line line) {
            return secret() ? (line.text().strip().startsWith("export") ? "export " : "") + name + "=… (the page's value, not copied)" : line.text().strip();
        }
    }

    static Assignment assignment(ShellLines.Line line) {
        if (line.first() != line.last()) return null;
        Matcher m = ASSIGNMENT.matcher(line.text().strip());
        if (!m.matches() || STANDARD.contains(m.group(2))) return null;
        String raw = m.group(3);
        String note = m.group(6) == null ? "" : m.group(6).strip();
        if (m.group(4) != null) return new Assignment(m.group(2), m.group(5), Integer.parseInt(m.group(4)), note);
        String value = raw.length() >= 2 && (raw.startsWith("\"") || raw.startsWith("'")) ? raw.substring(1, raw.length() - 1) : raw;
        return new Assignment(m.group(2), value, 0, note);
    }

    /** True for a name that holds a secret (a password, a token, a database URL): read from the environment, masked. */
    static boolean sensitive(String name) {
        return SENSITIVE.matcher(name).matches();
    }

    /**
     * Why this line only works inside the whole script it belongs to (control flow, functions, here-documents, set,
     * shell variables, the script's arguments); null when it is a command that can run on its own.
     */
    static String scriptOnly(ShellLines.Line line) {
        String t = line.text().strip();
        if (t.startsWith("#!")) return "it starts with #!";
        if (line.comment() || line.blank() || assignment(line) != null) return null;
        String first = t.split("[\\s;]+", 2)[0];
        if (SCRIPT_WORDS.contains(first)) return "it has " + first;
        if (t.matches("^[A-Za-z_][A-Za-z0-9_]*\\s*\\(\\)\\s*\\{?.*")) return "it defines a function";
        if (t.contains("<<") && !t.contains("<<<")) return "it has a here-document";
        if (ANY_ASSIGNMENT.matcher(t).find()) return "it sets shell variables";
        if (POSITIONAL.matcher(t.replaceAll("'[^']*'", "")).find()) return "it reads the script's arguments";
        if (first.equals("cd") && cdTarget(line) == null) return "it changes to a folder named by a variable";
        if (first.equals("export")) return "it exports shell variables";
        return null;
    }

    /** The folder of a {@code cd} to a literal path; null otherwise. */
    static String cdTarget(ShellLines.Line line) {
        Matcher m = Pattern.compile("^cd\\s+(\"[^\"$`]+\"|'[^']+'|[^\\s\"'$`~;&|]+)\\s*(#.*)?$").matcher(line.text().strip());
        if (!m.matches() || m.group(1).equals("-")) return null;
        String d = m.group(1);
        return d.startsWith("\"") || d.startsWith("'") ? d.substring(1, d.length() - 1) : d;
    }

    /** The URL of a line that only checks a literal {@code .../health} endpoint with curl; null otherwise. */
    static String healthUrl(ShellLines.Line line) {
        if (line.first() != line.last()) return null;
        String code = line.text().strip().replaceFirst("\\s+#[^'\"]*$", "");
        Matcher m = HEALTH.matcher(code);
        return m.matches() ? m.group(2) : null;
    }

    /** Variables the text reads ({@code $NAME}, {@code ${NAME}}), in order of first use. */
    static Set<String> variables(String text) {
        Set<String> names = new LinkedHashSet<>();
        // single quotes are not told apart: a name too many in a command's environment is harmless, one too few is not
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) names.add(m.group(1));
        return names;
    }
}
