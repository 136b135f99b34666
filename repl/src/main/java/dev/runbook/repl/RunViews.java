package dev.runbook.repl;

import dev.runbook.console.Style;
import dev.runbook.engine.RunSession;
import dev.runbook.engine.StepResult;
import dev.runbook.engine.StepStatus;
import dev.runbook.journal.EventTypes;
import dev.runbook.model.Node;
import dev.runbook.model.Runbook;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the REPL shows of its runbook and run without changing them: the prompt, and the looking commands
 * {@code status}, {@code log}, {@code journal} and {@code params}.
 */
final class RunViews {
    private final RunDriver driver;
    private final Position position;
    private final PrintStream out;
    private final Style style;

    RunViews(RunDriver driver, PrintStream out, Style style) {
        this.driver = driver;
        this.position = driver.position();
        this.out = out;
        this.style = style;
    }

    /** {@code quickstart-rollback [3/7 Stop the broken version] >}, with the state when it is not simply "ready". */
    String prompt() {
        Path pending = driver.loadingFile();
        Runbook runbook = driver.runbook().orElse(null);
        if (runbook == null) return pending != null ? "runbook [loading " + pending.getFileName() + "] > " : "runbook > ";
        RunSession session = driver.session().orElse(null);
        StringBuilder b = new StringBuilder(runbook.name()).append(" [");
        int size = runbook.nodes().size();
        if (session != null && session.isFinished()) {
            b.append("done: ").append(session.outcome().label()).append("] > ");
            return b.toString();
        }
        int cursor = position.cursor();
        if (cursor >= size) b.append("end");
        else b.append(cursor + 1).append('/').append(size).append(' ').append(runbook.nodes().get(cursor).name());
        b.append(']');
        String state = state(runbook, session);
        if (!state.isEmpty()) b.append(' ').append(state);
        if (driver.fileChanged()) b.append(" (file changed: reload)");
        return b.append(" > ").toString();
    }

    private String state(Runbook runbook, RunSession session) {
        if (session == null) return driver.paramsValid(false) ? "" : "params needed";
        if (driver.journalLost()) return "journal lost";
        if (position.cursor() < runbook.nodes().size()) {
            String name = runbook.nodes().get(position.cursor()).name();
            StepStatus s = session.stepResults().get(name).status();
            if (s == StepStatus.FAILED) return "failed";
            if (position.breaks().contains(name)) return "break";
        }
        return "";
    }

    /** {@code params}: each param with its value (or its default), whether it is required, and what it takes. */
    void showParams() {
        Runbook runbook = driver.runbook().orElse(null);
        if (runbook == null) {
            out.println("No runbook loaded — load FILE first.");
            return;
        }
        if (runbook.params().isEmpty()) out.println("This runbook declares no params.");
        Map<String, String> current = driver.session().map(s -> s.params().asMap()).orElse(Map.of());
        Map<String, String> given = driver.given();
        for (var p : runbook.params()) {
            String v = current.containsKey(p.name()) ? current.get(p.name()) : given.getOrDefault(p.name(), p.defaultValue());
            String note = (p.required() ? "required" : "optional") + (p.pattern() != null ? ", /" + p.pattern() + "/" : "")
                    + (p.choices().isEmpty() ? "" : ", one of " + String.join(", ", p.choices()))
                    + (p.description() == null || p.description().isEmpty() ? "" : " — " + p.description());
            out.println("  " + p.name() + " = " + (v == null ? style.yellow("(not set)") : v) + "  " + style.dim(note));
        }
    }

    /** {@code status}: every node with its state, duration, attempts and error; the cursor and the breakpoints marked. */
    void status() {
        Runbook runbook = driver.runbook().orElse(null);
        if (runbook == null) {
            out.println("No runbook loaded — load FILE first.");
            return;
        }
        RunSession session = driver.session().orElse(null);
        List<Node> nodes = runbook.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            String name = nodes.get(i).name();
            StepResult r = session == null ? null : session.stepResults().get(name);
            String st = r == null ? "pending" : r.status().label();
            String mark = i == position.cursor() ? "▸" : " ";
            String b = position.breaks().contains(name) ? "●" : " ";
            String detail = r == null || r.status() == StepStatus.PENDING ? ""
                    : "  " + ms(r.getDuration().toMillis()) + (r.getAttempts() > 1 ? ", " + r.getAttempts() + " attempts" : "")
                    // a step that failed and then ran ok keeps its old error in its result: only a failed one shows it
                    + (r.getError() == null || r.status() != StepStatus.FAILED ? "" : "  " + r.getError());
            out.println(mark + b + String.format("%2d  %-9s %s", i + 1, colour(st), name) + style.dim(detail));
        }
        if (session != null && session.isFinished()) out.println("Run " + session.outcome().label());
    }

    private String colour(String status) {
        String padded = String.format("%-9s", status);
        return switch (status) {
            case "ok" -> style.green(padded);
            case "failed" -> style.red(padded);
            case "skipped", "pending" -> style.dim(padded);
            default -> style.yellow(padded);
        };
    }

    private static String ms(long ms) {
        return ms < 1000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }

    /** {@code log [STEP]}: what the step printed in its last attempt; without a name (-1), the step run last. */
    void log(int index) {
        RunSession session = driver.session().orElse(null);
        if (session == null) {
            out.println("Nothing has run yet — log STEP names one.");
            return;
        }
        int i = index >= 0 ? index : position.lastRun();
        if (i < 0) {
            out.println("Nothing has run yet — log STEP names one.");
            return;
        }
        String name = driver.runbook().orElseThrow().nodes().get(i).name();
        StepResult r = session.stepResults().get(name);
        String text = session.redact(r.getStdout());
        out.println(style.dim("── " + name + " (" + r.status().label() + ")"));
        if (text.isEmpty()) out.println(style.dim("(no output)"));
        else out.print(text.endsWith("\n") ? text : text + "\n");
        if (r.getError() != null && r.status() == StepStatus.FAILED) out.println(style.red("✗ " + r.getError()));
    }

    /**
     * {@code journal}: the run's journal so far, one line per event, as written (secrets already masked): the last
     * {@code last} lines, every line when {@code last} is negative.
     */
    List<String> journal(int last) {
        RunSession session = driver.session().orElse(null);
        if (session == null) return List.of("No run yet: the journal starts when the run opens.");
        List<String> lines = new java.util.ArrayList<>();
        for (var e : session.store().read(session.id()).events()) {
            if (e.type().equals(EventTypes.STEP_OUTPUT)) continue;
            Map<String, Object> d = new LinkedHashMap<>(e.data());
            Object step = d.remove("step");
            lines.add(String.format("%4d %s %-20s %s%s", e.seq(), e.at().toString().substring(11, 19), e.type(),
                    step == null ? "" : "'" + step + "' ", d));
        }
        int from = last < 0 ? 0 : Math.max(0, lines.size() - last);
        List<String> shown = new java.util.ArrayList<>();
        if (from > 0) shown.add(style.dim("(" + from + " earlier events: journal -n N shows more, journal --all every one)"));
        shown.addAll(lines.subList(from, lines.size()));
        shown.add(style.dim(session.store().journalOf(session.id()).toString()));
        return shown;
    }
}
