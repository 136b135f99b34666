package dev.runbook.cli.importer;

import dev.runbook.lang.GroovyText;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A draft as a runbook file, and where each of its parts landed in it (for IMPORT.md). */
final class RunbookWriter {
    /** What was made from page lines {@code from}–{@code to}, and the file line it starts at. */
    record Mapping(int from, int to, String what, int fileLine) {}

    /** A point a person must decide, at a line of the file. */
    record Review(int fileLine, int pageLine, String text) {}

    record Written(String text, List<Mapping> map, List<Review> reviews) {}

    private final StringBuilder out = new StringBuilder();
    private final List<Mapping> map = new ArrayList<>();
    private final List<Review> reviews = new ArrayList<>();
    private int line = 1;

    private RunbookWriter() {}

    static Written write(Draft d, String pageName) {
        RunbookWriter w = new RunbookWriter();
        w.runbook(d, pageName);
        return new Written(w.out.toString(), w.map, w.reviews);
    }

    private void runbook(Draft d, String pageName) {
        Procedure p = d.source;
        emit("// Made by `runbook import` from " + GroovyText.comment(pageName) + ", lines " + p.line() + "–" + p.endLine()
                + ": \"" + GroovyText.comment(p.heading()) + "\".");
        emit("// Each part says in a comment what it was made from; REVIEW marks what a person must decide (IMPORT.md lists it).");
        emit("// The page's bash is kept as written; params reach it as environment variables (sh …, env: […]), so a");
        emit("// value is data, never shell code.");
        map.add(new Mapping(p.line(), p.endLine(), "runbook " + d.name, line));
        emit("runbook(" + GroovyText.literal(d.name) + ") {");
        emit("    title " + GroovyText.literal(d.title));
        if (!d.description.isEmpty()) emit("    description " + GroovyText.literal(d.description));
        for (Draft.Param prm : d.params.values()) {
            blank();
            comments(prm.comments(), prm.line(), "    ");
            map.add(new Mapping(prm.line(), prm.line(), "param " + prm.name(), line));
            String opts = prm.value() == null ? "required: true" : "default: " + GroovyText.literal(prm.value());
            emit("    param " + GroovyText.literal(prm.name()) + ", " + opts);
        }
        for (Draft.Secret s : d.secrets.values()) {
            blank();
            comments(s.comments(), s.line(), "    ");
            map.add(new Mapping(s.line(), s.line(), "secret " + s.name(), line));
            emit("    secret " + GroovyText.literal(s.name()));
        }
        if (!d.healthUrls.isEmpty()) {
            blank();
            emit("    // the curl checks of /health on the page (lines " + d.healthLines.stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")) + "): healthy when each answers 2xx");
            if (d.healthUrls.size() == 1) {
                emit("    health { http " + GroovyText.literal(d.healthUrls.getFirst()) + ", expect: 200..299 }");
            } else {
                emit("    health {");
                emit("        " + d.healthUrls.stream().map(u -> "http(" + GroovyText.literal(u) + ", expect: 200..299)")
                        .collect(Collectors.joining(" &&\n                ")));
                emit("    }");
            }
        }
        for (Draft.Node n : d.nodes) {
            blank();
            node(n);
        }
        emit("}");
    }

    private void node(Draft.Node n) {
        switch (n) {
            case Draft.Step st -> {
                comments(st.comments(), st.line(), "    ");
                map.add(new Mapping(st.line(), st.endLine(), "step '" + st.name() + "'", line));
                emit("    step(" + GroovyText.literal(st.name()) + ") {");
                for (Draft.Item i : st.body()) {
                    switch (i) {
                        case Draft.Comment c -> comments(List.of(c.text()), c.line() > 0 ? c.line() : st.line(), "        ");
                        case Draft.Sh sh -> emit("        " + sh(sh));
                    }
                }
                emit("    }");
            }
            case Draft.Manual m -> {
                comments(m.comments(), m.line(), "    ");
                map.add(new Mapping(m.line(), m.line(), "manual item", line));
                emit("    manual " + GroovyText.literal(m.text()));
            }
            case Draft.Approval a -> {
                comments(a.comments(), a.line(), "    ");
                map.add(new Mapping(a.line(), a.line(), "approval", line));
                String who = a.level() >= 0 ? "P" + a.level()
                        : a.roles().size() == 1 ? "role: " + GroovyText.literal(a.roles().getFirst())
                        : "roles: [" + a.roles().stream().map(GroovyText::literal).collect(Collectors.joining(", ")) + "]";
                emit("    requireApproval " + who + ", reason: " + GroovyText.literal(a.reason()));
            }
            case Draft.HealthGate g -> {
                comments(g.comments(), g.line(), "    ");
                map.add(new Mapping(g.line(), g.line(), "gate health", line));
                emit("    gate health");
            }
        }
    }

    /** {@code sh 'cmd', env: [NAME: params.NAME], dir: '/opt/app'}. */
    private static String sh(Draft.Sh sh) {
        StringBuilder s = new StringBuilder("sh ").append(GroovyText.literal(sh.command()));
        if (!sh.env().isEmpty()) {
            s.append(", env: [").append(sh.env().stream().map(v -> v + ": params." + v).collect(Collectors.joining(", "))).append(']');
        }
        if (sh.dir() != null) s.append(", dir: ").append(GroovyText.literal(sh.dir()));
        return s.toString();
    }

    private void comments(List<String> texts, int pageLine, String indent) {
        for (String t : texts) {
            if (t.startsWith(Draft.REVIEW)) {
                String what = t.substring(Draft.REVIEW.length());
                reviews.add(new Review(line, pageLine, what));
                emit(indent + "// REVIEW (runbook import): " + GroovyText.comment(what));
            } else {
                emit(indent + "// " + GroovyText.comment(t));
            }
        }
    }

    private void blank() {
        emit("");
    }

    private void emit(String text) {
        out.append(text).append('\n');
        line += (int) text.chars().filter(c -> c == '\n').count() + 1;
    }
}
