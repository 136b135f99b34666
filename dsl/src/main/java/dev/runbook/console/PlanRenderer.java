package dev.runbook.console;

import dev.runbook.lang.Durations;
import dev.runbook.model.Action;
import dev.runbook.model.Approval;
import dev.runbook.model.Gate;
import dev.runbook.model.Confirm;
import dev.runbook.model.Include;
import dev.runbook.model.FanOutOptions;
import dev.runbook.model.ForEach;
import dev.runbook.model.Parallel;
import dev.runbook.model.Manual;
import dev.runbook.model.Node;
import dev.runbook.model.Param;
import dev.runbook.model.Runbook;
import dev.runbook.model.SecretRef;
import dev.runbook.model.Step;
import dev.runbook.model.StepOptions;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code runbook plan}: what would run, in order, with options, expected times and the commands as written. */
public final class PlanRenderer {
    private final PrintStream out;
    private final Style s;
    /** {@code plan -p k=v}: commands are shown as they will run with these values; null: as written. */
    private final Map<String, String> params;
    private Runbook runbook;

    public PlanRenderer(PrintStream out, Style style) {
        this(out, style, null);
    }

    public PlanRenderer(PrintStream out, Style style, Map<String, String> params) {
        this.out = out;
        this.s = style;
        this.params = params;
    }

    public void render(Runbook rb) {
        this.runbook = rb;
        out.println(s.bold("Plan: " + rb.name()) + (rb.title().isEmpty() ? "" : " — " + rb.title()));
        List<String> meta = new ArrayList<>();
        meta.add("file " + rb.source());
        meta.add("severity " + rb.severity());
        if (!rb.owner().isEmpty()) meta.add("owner " + rb.owner());
        if (!rb.tags().isEmpty()) meta.add("tags " + String.join(", ", rb.tags()));
        out.println("  " + String.join(" · ", meta));
        if (!rb.description().isEmpty()) out.println("  " + rb.description());
        if (!rb.params().isEmpty()) {
            out.println(s.bold("  params"));
            int w = rb.params().stream().mapToInt(p -> p.name().length()).max().orElse(0);
            for (Param p : rb.params()) out.println("    " + pad(p.name(), w) + "  " + describe(p));
        }
        if (rb.health() != null) {
            out.println(s.bold("  health check"));
            commands(rb.health(), "    ");
        }
        if (!rb.locks().isEmpty()) {
            out.println(s.bold("  locks") + " (taken before the first step; a run that finds one held is refused, or waits with --wait)");
            for (var l : rb.locks()) out.println("    " + l.template());
        }
        if (!rb.secrets().isEmpty()) {
            out.println(s.bold("  secrets") + " (from the environment, never shown)");
            for (SecretRef sr : rb.secrets()) out.println("    " + sr.name() + (sr.required() ? "" : "  optional"));
        }
        out.println();
        int i = 0;
        for (Node n : rb.nodes()) {
            i++;
            switch (n) {
                case Step st -> step(i, st);
                case Manual m -> out.println(String.format("%3d. ", i) + s.bold("manual") + "  " + m.text()
                        + s.dim("  (the operator confirms" + onlyWhen(m.when()) + ")"));
                case Confirm c -> out.println(String.format("%3d. ", i) + s.bold("confirm") + " the operator types " + c.word()
                        + (c.prompt().isEmpty() ? "" : " — " + c.prompt()) + (c.when() == null ? "" : s.dim("   only when its condition holds")));
                case Gate g -> {
                    out.println(String.format("%3d. ", i) + s.bold("gate ") + (g.usesHealth() ? "health" : g.name())
                            + s.dim("   within " + Durations.format(g.within()) + " · every " + Durations.format(g.every())
                            + (g.sustain() == null ? "" : " · must hold " + Durations.format(g.sustain()))
                            + (g.when() != null ? " · only when its condition holds" : "")
                            + (g.continueOnFailure() ? " · continues on failure" : "")));
                    commands(g.usesHealth() ? rb.health() : g.condition(), "       ");
                }
                case Approval a -> out.println(String.format("%3d. ", i) + s.bold("approval ")
                        + (a.explicit() ? (a.roles().isEmpty() ? a.count() + " approvers" : String.join(" + ", a.roles())
                        + (a.count() > Math.max(1, a.roles().size()) ? " × " + a.count() : ""))
                        : "as the team policy requires at " + a.level() + " (a more urgent run uses its own rule)")
                        + (a.reason().isEmpty() ? "" : " — " + a.reason())
                        + (a.within() == null ? "" : s.dim("   within " + Durations.format(a.within())))
                        + (a.when() == null ? "" : s.dim("   only when its condition holds")));
                case Include inc -> include(i, inc, "       ");
                case Parallel p -> parallel(i, p);
                case ForEach f -> forEach(i, f);
            }
        }
        if (rb.onFailure() != null) handler("if the run fails (onFailure)", rb.onFailure());
        if (rb.always() != null) handler("at the end, whatever happens (always)", rb.always());
        out.println();
        out.println(s.dim("Nothing was run. Run it with: runbook exec " + rb.source() + params(rb)));
    }

    private void parallel(int i, Parallel p) {
        // a default name already starts with "parallel: "
        out.println(String.format("%3d. ", i) + s.bold(p.name().startsWith("parallel") ? p.name() : "parallel " + p.name())
                + s.dim("   " + p.steps().size() + " steps at once; the next item waits for all of them"));
        char letter = 'a';
        for (Step st : p.steps()) {
            out.println("       " + letter++ + ") " + s.bold(st.name()) + s.dim(options(st.options())));
            commands(st.body(), "          ");
            if (st.onFailure() != null) {
                out.println("          " + s.yellow("on failure:"));
                commands(st.onFailure(), "            ");
            }
        }
    }

    private void forEach(int i, ForEach f) {
        String title = f.name().startsWith("forEach ") ? f.name() : "forEach " + f.name();
        out.println(String.format("%3d. ", i) + s.bold(title) + s.dim("   " + fanOut(f.options())));
        String targets = f.targets() != null
                ? f.targets().size() + " targets: " + abbreviate(f.targets().toString(), 100)
                : "targets computed when it runs";
        out.println("       " + s.dim(targets));
        commands(f.body(), "       per target: ");
    }

    /** "concurrency 10 · maxErrors 1 · timeout 30s per target". */
    static String fanOut(FanOutOptions o) {
        List<String> parts = new ArrayList<>();
        parts.add("concurrency " + o.concurrency());
        parts.add(o.maxErrorsText() == null ? "no maxErrors: every target runs" : "maxErrors " + o.maxErrorsText()
                + " (stops launching after more failures)");
        if (o.timeout() != null) parts.add("timeout " + Durations.format(o.timeout()) + " per target");
        if (o.idempotent()) parts.add("idempotent");
        if (o.continueOnFailure()) parts.add("continues on failure");
        return String.join(" · ", parts);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private void step(int i, Step st) {
        out.println(String.format("%3d. ", i) + s.bold(st.name()) + s.dim(options(st.options())));
        commands(st.body(), "       ");
        if (st.onFailure() != null) {
            out.println("       " + s.yellow("on failure:"));
            commands(st.onFailure(), "         ");
        }
    }

    private void include(int i, Include inc, String indent) {
        Runbook t = inc.target();
        List<String> with = new ArrayList<>();
        inc.with().forEach((k, v) -> with.add(k + "=" + (v instanceof Action ? "{…}" : v)));
        out.println(String.format("%3d. ", i) + s.bold(inc.name()) + s.dim("   " + inc.ref()
                + (with.isEmpty() ? "" : " with " + String.join(", ", with)) + (inc.continueOnFailure() ? " · continues on failure" : "")
                + (inc.when() != null ? " · only when its condition holds" : "")));
        if (t == null) return;
        out.println(indent + s.dim("runs " + t.name() + (t.title().isEmpty() ? "" : " — " + t.title()) + " as a sub-run:"));
        // a sub-run has params of its own (given by with:, known when it starts): its commands are shown as written
        Runbook parent = runbook;
        runbook = null;
        for (Node n : t.nodes()) {
            out.println(indent + "  · " + n.kind() + " " + n.name() + (n instanceof Step st ? s.dim(options(st.options())) : ""));
            if (n instanceof Step st) commands(st.body(), indent + "      ");
        }
        runbook = parent;
        if (t.onFailure() != null) out.println(indent + "  · " + s.yellow("if it fails: its onFailure"));
    }

    private void handler(String title, Action a) {
        out.println();
        out.println("  " + s.bold(title));
        commands(a, "       ");
    }

    private void commands(Action a, String indent) {
        if (a.commands().isEmpty()) {
            out.println(indent + s.dim("(Groovy code, no command)"));
            return;
        }
        for (String c : a.commands()) {
            String rendered = params == null || runbook == null ? null : PlannedCommand.render(c, runbook, params);
            // raw() is the escape hatch: the plan says where shell text goes in unquoted
            String raw = c.contains("raw(") ? s.yellow("  (raw shell text)") : "";
            out.println(indent + (rendered == null ? c : "$ " + rendered) + raw);
        }
    }

    static String options(StepOptions o) {
        List<String> parts = new ArrayList<>();
        if (o.expected() != null) parts.add("expected " + Durations.format(o.expected()));
        if (o.timeout() != null) parts.add("timeout " + Durations.format(o.timeout()));
        if (o.retry() > 0) {
            parts.add("retry " + o.retry() + (o.backoff().isZero() ? "" : " every " + Durations.format(o.backoff())));
        }
        if (o.when() != null) parts.add("only when its condition holds");
        if (o.idempotent()) parts.add("idempotent");
        if (o.continueOnFailure()) parts.add("continues on failure");
        return parts.isEmpty() ? "" : "   " + String.join(" · ", parts);
    }

    private static String describe(Param p) {
        List<String> parts = new ArrayList<>();
        if (p.required()) parts.add("required");
        if (p.defaultValue() != null) parts.add("default " + p.defaultValue());
        if (p.pattern() != null) parts.add("/" + p.pattern() + "/");
        if (!p.choices().isEmpty()) parts.add("one of " + String.join(", ", p.choices()));
        if (!p.description().isEmpty()) parts.add(p.description());
        return String.join(" · ", parts);
    }

    private static String params(Runbook rb) {
        StringBuilder sb = new StringBuilder();
        for (Param p : rb.params()) if (p.required()) sb.append(" -p ").append(p.name()).append("=...");
        return sb.toString();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    private static String onlyWhen(dev.runbook.model.Action when) {
        return when == null ? "" : "; only when its condition holds";
    }
}
