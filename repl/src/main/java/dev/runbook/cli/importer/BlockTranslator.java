package dev.runbook.cli.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A bash block of a procedure as steps. The block is split at {@code # Step N:} (or {@code # N.}) comments. A part
 * made of commands that stand alone becomes one {@code sh} per command — each one that fails stops the step, which
 * is what {@code set -e} would do, made visible — with a {@code cd} turned into the {@code dir:} of the commands
 * after it, and curl checks of {@code /health} into {@code gate health}. A part that is a script (if/fi, loops,
 * functions, shell variables, here-documents) is kept whole as one {@code sh}, with {@code set -eu} added unless it
 * has its own {@code set -e}. Variables the page sets to a value a person chooses become params ({@link BlockParams}),
 * handed to the commands in their environment, so that a value is data, never shell code.
 */
final class BlockTranslator {
    private static final Pattern SET_E = Pattern.compile("(?m)^\\s*set\\s+(-[a-z]*e[a-z]*|-o\\s+errexit)\\b");
    private static final Pattern POSITIONAL = Pattern.compile("\\$\\{?[1-9]");

    private final Draft draft;
    private final BlockParams params;
    /** Review notes given once per runbook (a placeholder, an unset variable), not at every command. */
    private final Set<String> noted = new HashSet<>();
    /** The folder of the last {@code cd} to a literal path: the page's reader stays there for the next blocks. */
    private String dir;

    BlockTranslator(Draft draft) {
        this.draft = draft;
        this.params = new BlockParams(draft, noted);
    }

    private record Segment(String marker, List<ShellLines.Line> lines) {}

    /**
     * @param name    the step's name when the block has no markers: its list item's title or nearest heading
     * @param intro   the sentence that leads into the block ("Make it executable:"), or null: the name of a step that
     *                would otherwise repeat an earlier step's name
     * @param leading comments for the first node made (a conditional heading's review, say)
     */
    void add(PageElement.Bash block, String name, String intro, List<String> leading) {
        List<Segment> segments = new ArrayList<>();
        segments.add(new Segment(null, new ArrayList<>()));
        for (ShellLines.Line l : ShellLines.split(block.code())) {
            String marker = ShellFacts.marker(l);
            if (marker != null) segments.add(new Segment(marker, new ArrayList<>()));
            segments.getLast().lines().add(l);
        }
        List<String> pending = new ArrayList<>(leading);
        for (Segment s : segments) {
            if (s.lines().stream().allMatch(ShellLines.Line::blank)) continue;
            String stepName = Names.step(s.marker() != null ? s.marker() : name);
            if (s.marker() == null && intro != null && taken().contains(stepName)) stepName = Names.step(intro);
            String from = "the bash block under \"" + name + "\"" + (s.marker() != null ? ", at its comment \"" + s.lines().getFirst().commentText() + "\"" : "");
            String scriptReason = s.lines().stream().map(ShellFacts::scriptOnly).filter(r -> r != null).findFirst().orElse(null);
            boolean script = scriptReason != null;
            params.add(block, s.lines(), script);
            if (s.lines().stream().noneMatch(l -> isCommand(l, script))) {
                manual(block, s, pending);
            } else if (script) {
                script(block, s, stepName, from + ", kept whole because " + scriptReason, pending);
            } else {
                commands(block, s, stepName, from, pending);
            }
            pending = new ArrayList<>();
        }
    }

    private static boolean isCommand(ShellLines.Line l, boolean script) {
        if (l.blank() || l.comment()) return false;
        return script ? !(BlockParams.topLevel(l) && ShellFacts.assignment(l) != null) : ShellFacts.assignment(l) == null;
    }

    /** A part without commands: what its comments say is for the operator to do. */
    private void manual(PageElement.Bash block, Segment s, List<String> pending) {
        List<String> said = s.lines().stream().filter(l -> l.comment() && ShellFacts.marker(l) == null && !l.text().strip().startsWith("#!"))
                .map(ShellLines.Line::commentText).filter(t -> !t.isEmpty()).toList();
        // "# Configuration" over the variables that became params says nothing for the operator to do
        boolean configures = s.lines().stream().anyMatch(l -> ShellFacts.assignment(l) != null);
        if (s.marker() == null && (said.isEmpty() || configures)) return;
        String text = s.marker() != null ? Names.step(s.marker()) + (said.isEmpty() ? "" : " — " + String.join("; ", said)) : String.join("; ", said);
        int line = block.codeLine(firstLine(s.lines()).first());
        pending.add("page line " + line + ": a bash block's comments without a command — for the operator to do");
        draft.nodes.add(new Draft.Manual(text, line, pending));
    }

    private void script(PageElement.Bash block, Segment s, String stepName, String from, List<String> pending) {
        StringBuilder text = new StringBuilder();
        boolean ownSetE = SET_E.matcher(String.join("\n", s.lines().stream().map(ShellLines.Line::text).toList())).find();
        boolean added = ownSetE;
        List<String> notes = new ArrayList<>(pending);
        for (ShellLines.Line l : s.lines()) {
            if (!added && !l.comment() && !l.blank()) {
                text.append("set -eu  # added by runbook import: stop at the first command that fails and at an unset variable\n");
                added = true;
            }
            ShellFacts.Assignment a = BlockParams.topLevel(l) ? ShellFacts.assignment(l) : null;
            if (a != null) {
                text.append("# ").append(a.secret() ? a.shown(l) : l.text()).append("  # runbook import: now ").append(a.secret() ? "the secret " : "the param ")
                        .append(a.name()).append(", given in the environment\n");
                continue;
            }
            text.append(l.text()).append('\n');
            if (!l.comment()) review(block.codeLine(l.first()), l.text(), notes, true);
        }
        String body = text.toString();
        int first = block.codeLine(firstLine(s.lines()).first());
        if (POSITIONAL.matcher(body.replaceAll("(?m)^# .*# runbook import: now .*$", "").replaceAll("'[^'\\n]*'", "")).find()) {
            notes.add(Draft.REVIEW + "the script reads its arguments ($1…), which a step does not have: make them params");
        }
        if (body.lines().anyMatch(x -> x.strip().startsWith("cd "))) {
            notes.add(Draft.REVIEW + "the script changes folder; the steps after it start in the run's folder again");
        }
        params.unknownEnv(body, BlockParams.setIn(body), first, notes);
        notes.addFirst(pageLines(first, block.codeLine(lastLine(s.lines()).last())) + ": " + from + (ownSetE ? " (its own set -e is kept)" : ""));
        approveIfDestructive(body, first);
        draft.nodes.add(new Draft.Step(uniqueStep(stepName), first, block.codeLine(lastLine(s.lines()).last()),
                notes, List.of(new Draft.Sh(body, params.env(body), dir, first))));
    }

    /** A part of standalone commands: one {@code sh} each; curl checks of /health end the step and become a gate. */
    private void commands(PageElement.Bash block, Segment s, String stepName, String from, List<String> pending) {
        Part part = new Part(stepName, from, pending);
        boolean afterHealth = false;
        for (ShellLines.Line l : s.lines()) {
            int line = block.codeLine(l.first());
            if (l.blank()) continue;
            part.span(line, block.codeLine(l.last()));
            if (ShellFacts.marker(l) != null && l == s.lines().getFirst()) continue;
            if (l.comment()) {
                part.body.add(new Draft.Comment(l.commentText()));
                if (Cautions.alternative(l.commentText())) {
                    part.body.add(new Draft.Comment(Draft.REVIEW + "the page offers another way here; the runbook does both — keep one", line));
                }
                continue;
            }
            ShellFacts.Assignment a = ShellFacts.assignment(l);
            if (a != null) {
                part.body.add(new Draft.Comment(a.shown(l) + " (page line " + line + "): the " + (a.secret() ? "secret " : "param ") + a.name() + " now"));
                continue;
            }
            String cd = ShellFacts.cdTarget(l);
            if (cd != null) {
                dir = dir == null || cd.startsWith("/") ? Path.of(cd).normalize().toString() : Path.of(dir).resolve(cd).normalize().toString();
                part.body.add(new Draft.Comment("cd " + cd + " (page line " + line + "): the commands below run in " + dir + " (dir:)"));
                continue;
            }
            String url = ShellFacts.healthUrl(l);
            if (url != null) {
                boolean hadCommands = part.hasCommands();
                flush(part);
                if (hadCommands) part = new Part(stepName + " (after the health check)", from, List.of());
                else part = new Part(part.name, from, List.of());
                health(url, line, afterHealth);
                afterHealth = true;
                continue;
            }
            afterHealth = false;
            List<String> reviews = new ArrayList<>();
            review(line, l.text(), reviews, false);
            params.unknownEnv(l.text(), Set.of(), line, reviews);
            for (String r : reviews) part.body.add(new Draft.Comment(r, line));
            part.body.add(new Draft.Sh(l.text(), params.env(l.text()), dir, line));
        }
        flush(part);
    }

    /** The step being made: its name, page lines, comments and body. */
    private static final class Part {
        final String name;
        final String from;
        final List<String> notes;
        final List<Draft.Item> body = new ArrayList<>();
        int first = -1, last = -1;

        Part(String name, String from, List<String> notes) {
            this.name = name;
            this.from = from;
            this.notes = new ArrayList<>(notes);
        }

        void span(int from, int to) {
            if (first < 0) first = from;
            last = to;
        }

        boolean hasCommands() {
            return body.stream().anyMatch(i -> i instanceof Draft.Sh);
        }
    }

    private void flush(Part p) {
        if (!p.hasCommands()) return;
        List<String> comments = new ArrayList<>(p.notes);
        comments.addFirst(pageLines(p.first, p.last) + ": " + p.from);
        // the approval goes before the whole step: a step is not approved half-way
        p.body.forEach(i -> { if (i instanceof Draft.Sh sh) approveIfDestructive(sh.command(), sh.line()); });
        draft.nodes.add(new Draft.Step(uniqueStep(p.name), p.first, p.last, comments, List.copyOf(p.body)));
    }

    /** A curl check of /health: the runbook's health check, and a gate here (one for checks next to each other). */
    private void health(String url, int line, boolean sameGate) {
        if (!draft.healthUrls.contains(url)) draft.healthUrls.add(url);
        draft.healthLines.add(line);
        String said = "page line " + line + ": curl " + url + " — the runbook's health check, polled until it answers (2 minutes at most)";
        if (sameGate && draft.nodes.getLast() instanceof Draft.HealthGate g) {
            g.comments().add(said);
            return;
        }
        draft.nodes.add(new Draft.HealthGate(line, new ArrayList<>(List.of(said))));
    }

    /** An approval before a destructive command, unless the runbook asks for one before it already. */
    private void approveIfDestructive(String command, int line) {
        String what = Cautions.destructive(command);
        if (what == null || draft.nodes.stream().anyMatch(n -> n instanceof Draft.Approval)) return;
        String shown = command.strip().lines().filter(x -> Cautions.destructive(x) != null).findFirst().orElse(command.strip());
        draft.nodes.add(new Draft.Approval(1, List.of(), "destructive: " + what, line, new ArrayList<>(List.of(
                Draft.REVIEW + "added before a destructive command the page runs without an approval (page line " + line + "): "
                        + abbreviate(shown, 100) + " — the team's P1 rule (one lead; waived at P0)"))));
    }

    /** Review notes for a command: a placeholder once per runbook, the rest at each command. */
    private void review(int line, String command, List<String> notes, boolean withLine) {
        for (String j : Cautions.judgement(command)) {
            if (j.contains("placeholder") && !noted.add(j)) continue;
            notes.add(Draft.REVIEW + (withLine ? "page line " + line + ": " + abbreviate(command.strip(), 60) + " " : "this command ") + j);
        }
    }

    private Set<String> taken() {
        Set<String> names = new HashSet<>();
        draft.nodes.forEach(n -> { if (n instanceof Draft.Step st) names.add(st.name()); });
        return names;
    }

    private String uniqueStep(String name) {
        Set<String> taken = taken();
        String unique = name;
        for (int i = 2; taken.contains(unique); i++) unique = name + " (" + i + ")";
        return unique;
    }

    private static ShellLines.Line firstLine(List<ShellLines.Line> lines) {
        return lines.stream().filter(l -> !l.blank()).findFirst().orElse(lines.getFirst());
    }

    private static ShellLines.Line lastLine(List<ShellLines.Line> lines) {
        return lines.stream().filter(l -> !l.blank()).reduce((a, b) -> b).orElse(lines.getLast());
    }

    static String pageLines(int first, int last) {
        return first == last ? "page line " + first : "page lines " + first + "–" + last;
    }

    static String abbreviate(String text, int max) {
        String one = text.replaceAll("\\s+", " ");
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
