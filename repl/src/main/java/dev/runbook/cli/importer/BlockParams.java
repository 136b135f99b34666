package dev.runbook.cli.importer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The params and secrets of a runbook, from its bash blocks: a variable set to a literal or to a script's argument
 * ({@code DATABASE_NAME="voxflow_prod"}, {@code BACKUP_FILE=$1}) becomes a param with that default (required when
 * it comes from an argument or is empty); a password, token or database URL becomes a secret read from the
 * environment, its value never copied; a variable read but never set is a secret when it looks like one, else
 * noted for review.
 */
final class BlockParams {
    private static final Pattern SETS = Pattern.compile(
            "(?:^|[\\s;(])(?:export\\s+|local\\s+|readonly\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\+?=|\\b(?:for|read|select)\\s+(?:-\\S+\\s+)*([A-Za-z_][A-Za-z0-9_]*)");

    private final Draft draft;
    private final Set<String> noted;

    BlockParams(Draft draft, Set<String> noted) {
        this.draft = draft;
        this.noted = noted;
    }

    /** A line at the script's top level: an assignment indented inside an if or a loop is the script's own. */
    static boolean topLevel(ShellLines.Line l) {
        return l.text().equals(l.text().stripLeading());
    }

    void add(PageElement.Bash block, List<ShellLines.Line> lines, boolean script) {
        for (ShellLines.Line l : lines) {
            if (script && !topLevel(l)) continue;
            ShellFacts.Assignment a = ShellFacts.assignment(l);
            if (a == null) continue;
            int line = block.codeLine(l.first());
            String origin = "page line " + line + ": " + a.shown(l);
            if (a.secret()) {
                draft.secrets.putIfAbsent(a.name(), new Draft.Secret(a.name(), line, List.of(origin,
                        Draft.REVIEW + "a secret: read from the environment variable " + a.name() + "; the page's value is not copied")));
                continue;
            }
            Draft.Param known = draft.params.get(a.name());
            if (known != null) {
                if (!Objects.equals(known.value(), a.required() ? null : a.value())) {
                    known.comments().add(Draft.REVIEW + "the page sets it again at line " + line + " (" + a.shown(l) + "); the first value is the default");
                }
                continue;
            }
            List<String> comments = new ArrayList<>();
            comments.add(origin + (a.argument() > 0 ? " — the script's argument $" + a.argument() : "")
                    + (a.required() ? ", so required" : ", its default") + (a.note().isEmpty() ? "" : " (" + a.note() + ")"));
            draft.params.put(a.name(), new Draft.Param(a.name(), a.required() ? null : a.value(), line, comments));
        }
    }

    /** The params a command reads, for its {@code env:}. */
    List<String> env(String command) {
        return ShellFacts.variables(command).stream().filter(draft.params::containsKey).toList();
    }

    /**
     * Variables the commands read that the page never sets: a secret-looking one becomes a {@code secret} (the run
     * refuses to start without it and masks it); another is noted once for review.
     */
    void unknownEnv(String text, Set<String> setHere, int line, List<String> notes) {
        for (String v : ShellFacts.variables(text)) {
            if (draft.params.containsKey(v) || draft.secrets.containsKey(v) || setHere.contains(v)
                    || ShellFacts.STANDARD.contains(v) || !v.equals(v.toUpperCase(Locale.ROOT))) continue;
            if (ShellFacts.sensitive(v)) {
                draft.secrets.put(v, new Draft.Secret(v, line, List.of("page line " + line + ": the commands read $" + v
                        + ", which the page never sets: a secret from the environment (the run refuses to start without it)")));
            } else if (noted.add("$" + v)) {
                notes.add(Draft.REVIEW + "$" + v + " is never set on the page (line " + line + "): the run takes it from its environment");
            }
        }
    }

    /** Variables a script sets itself ({@code x=…}, {@code for x in}, {@code read x}): not the environment's. */
    static Set<String> setIn(String body) {
        Set<String> names = new HashSet<>();
        Matcher m = SETS.matcher(body);
        while (m.find()) names.add(m.group(1) != null ? m.group(1) : m.group(2));
        return names;
    }
}
