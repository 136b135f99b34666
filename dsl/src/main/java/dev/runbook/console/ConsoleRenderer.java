package dev.runbook.console;

import dev.runbook.engine.EventListener;
import dev.runbook.journal.Event;
import dev.runbook.journal.EventTypes;
import dev.runbook.lang.Durations;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Shows a run as it happens, for an operator under stress: each step's name and position, its live output, its
 * outcome and time against what was expected, and at the end one line that says how the run ended.
 * It only reads journaled events, so the screen never shows something the journal does not have.
 */
public final class ConsoleRenderer implements EventListener {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final PrintStream out;
    private final Style s;

    public ConsoleRenderer(PrintStream out, Style style) {
        this.out = out;
        this.s = style;
        this.fanOut = new FanOutView(new FanOutView.Screen() {
            @Override public void println(String line) { clearProgress(); out.println(line); }
            @Override public void live(String text) { ConsoleRenderer.this.live(text); }
            @Override public void clearLive() { clearProgress(); }
            @Override public boolean liveShown() { return progressShown; }
            @Override public String who(Event e) { return ConsoleRenderer.this.who(e); }
        }, style);
    }

    @Override
    public synchronized void onEvent(Event e) {
        if (hiddenTargetEvent(e)) return;
        if (!LIVE.contains(e.type())) clearProgress();
        switch (e.type()) {
            case EventTypes.RUN_STARTED -> runStarted(e);
            case EventTypes.STEP_STARTED -> stepStarted(e);
            case EventTypes.COMMAND_STARTED -> {
                if (Boolean.TRUE.equals(e.get("dryRun"))) out.println("      " + who(e) + s.cyan("would run: ") + e.str("command"));
                else out.println("      " + who(e) + s.dim("$ " + oneLine(e.str("command"))));
            }
            case EventTypes.STEP_OUTPUT -> {
                String bar = "err".equals(e.str("stream")) ? s.yellow("│ ") : s.dim("│ ");
                out.println("      " + who(e) + bar + e.str("line"));
            }
            case EventTypes.STEP_OUTPUT_CUT -> out.println("      " + who(e) + s.dim("│ … " + e.num("linesCut") + " lines ("
                    + e.num("bytesCut") + " bytes) not shown or journaled; the whole output: " + e.str("file") + " in the run's folder"));
            case EventTypes.STEP_LOG -> out.println("      " + who(e) + s.cyan("» ") + indent(e.str("text")));
            case EventTypes.FANOUT_STARTED -> fanOut.started(e);
            case EventTypes.FANOUT_LAUNCHED -> fanOut.launched(e);
            case EventTypes.FANOUT_TARGET -> fanOut.target(e);
            case EventTypes.FANOUT_FINISHED -> fanOut.finished(e);
            case EventTypes.STEP_OVERDUE -> out.println("      " + s.yellow("⚠ still running after " + ms(e.num("elapsedMs"))
                    + " — expected " + ms(e.num("expectedMs"))));
            case EventTypes.ATTEMPT_FAILED -> attemptFailed(e);
            case EventTypes.STEP_FINISHED -> stepFinished(e);
            case EventTypes.STEP_SKIPPED -> out.println(s.dim(time(e) + " [" + e.num("index") + "/" + e.num("of") + "] "
                    + e.str("step") + " — skipped (" + e.str("reason") + ")"));
            case EventTypes.OPERATOR_ASKED -> asked(e);
            case EventTypes.OPERATOR_ANSWERED -> {
                boolean yes = "confirmed".equals(e.str("answer"));
                String who = "--yes".equals(e.str("by")) ? "by --yes" : "by " + e.str("by");
                out.println("      " + (yes ? s.green("✓ confirmed " + who) : s.red("✗ declined " + who)));
            }
            case EventTypes.OPERATOR_INTERRUPT -> {
                // what the second Ctrl-C does: the first says it as "again", the second as its action (older
                // journals have no "again": their CLI exited)
                String second = e.num("count") == 1 ? e.str("again") : e.str("action");
                boolean exits = !EventTypes.INTERRUPT_KILL_ALL.equals(second);
                if (e.num("count") == 1 && EventTypes.INTERRUPT_TO_PROMPT.equals(e.str("action"))) {
                    out.println();
                    out.println(s.yellow("⚠ Ctrl-C: stopping " + (e.str("during") == null ? "what runs" : "'" + e.str("during") + "'")
                            + " (its commands are killed); no handler runs, and the prompt comes back: retry, skip, goto STEP"
                            + " or abort. Press Ctrl-C again to kill every command of the run at once."));
                } else if (e.num("count") == 1) {
                    out.println();
                    out.println(s.yellow("⚠ Ctrl-C: stopping " + (e.str("during") == null ? "the run" : "'" + e.str("during") + "'")
                            + " and running the failure path. Press Ctrl-C again to "
                            + (exits ? "exit at once." : "kill every command of the run at once.")));
                } else if (exits) {
                    out.println(s.red("⚠ Ctrl-C again: exiting now. The journal has everything up to here."));
                } else {
                    out.println(s.red("⚠ Ctrl-C again: every command of the run is killed; the failure path goes on."));
                }
            }
            case EventTypes.HANDLER_STARTED -> out.println(time(e) + " " + s.bold(handlerTitle(e)));
            case EventTypes.HANDLER_FINISHED -> {
                if ("ok".equals(e.str("status"))) out.println("      " + s.green("✓ done in " + ms(e.num("durationMs"))));
                else if ("skipped".equals(e.str("status"))) {
                    out.println("      " + s.cyan("↳ " + handlerName(e) + " not run — " + e.str("reason")));
                } else {
                    out.println("      " + s.red("✗ the handler failed: " + e.str("error")) + s.dim(" (the original failure is kept)"));
                    failedHandlers.add(handlerName(e) + ": " + firstLine(e.str("error")));
                }
            }
            case EventTypes.RUN_FINISHED -> runFinished(e);
            case EventTypes.RUN_TERMINATED -> {
                out.println();
                out.println(s.red("⚠ " + e.str("signal") + ": the process was told to end" + (e.str("during") == null ? "" : " during '" + e.str("during") + "'")
                        + ". The run's commands are killed; the journal has everything up to here."));
            }
            case EventTypes.GATE_POLL -> {
                clearProgress();
                boolean ok = Boolean.TRUE.equals(e.get("ok"));
                out.println("      " + (ok ? s.green("● ") : s.yellow("○ ")) + e.str("observation")
                        + s.dim("  (poll " + e.num("poll") + ", " + ms(e.num("elapsedMs")) + ")"));
            }
            case EventTypes.GATE_PROGRESS -> progress(e);
            case EventTypes.APPROVAL_REQUESTED -> {
                out.println("      " + s.bold("⏸ approval needed: " + e.str("needs")) + s.dim("  (run severity " + e.str("runSeverity")
                        + ", policy: " + e.str("team") + ")"));
                if (e.get("reason") != null) out.println("        reason: " + e.str("reason"));
                if (!e.str("needs").startsWith("nothing")) {
                    out.println(s.dim("        approve from another terminal: runbook approve " + e.str("run") + " --as NAME"));
                }
            }
            case EventTypes.APPROVAL_GRANTED -> out.println("      " + s.green("✓ approved by " + e.str("by"))
                    + s.dim(" (" + String.join(", ", strings(e.get("roles"))) + ", " + e.str("source")
                    + ", " + Verification.describe(e) + ")"));
            case EventTypes.APPROVAL_REFUSED -> out.println("      " + s.yellow("✗ not accepted: " + e.str("why")));
            case EventTypes.APPROVAL_DENIED -> out.println("      " + s.red("✗ denied by " + e.str("by")
                    + (e.get("reason") == null ? "" : ": " + e.str("reason"))));
            case EventTypes.APPROVAL_OBJECTED -> out.println("      " + s.yellow("⚑ objection from " + e.str("by")
                    + (e.get("reason") == null ? "" : ": " + e.str("reason"))) + s.dim(" — not a denial: " + e.str("why")));
            case EventTypes.APPROVAL_NOT_WAIVED -> out.println("      " + s.yellow("⚠ not waived at " + e.str("severity") + ": " + e.str("why")
                    + "; asking for the normal approval"));
            case EventTypes.SEVERITY_DECLARED -> out.println("  " + s.yellow("severity " + e.str("severity") + " declared by " + e.str("by"))
                    + s.dim(" (" + e.str("source") + "; the runbook says " + e.str("runbookSeverity") + ")"));
            case EventTypes.SEVERITY_CHANGED -> out.println("      " + s.yellow("severity " + e.str("from") + " → " + e.str("severity"))
                    + s.dim(" (set by step " + e.str("step") + "; later approvals follow it)"));
            case EventTypes.APPROVAL_WAIVED -> out.println("      " + s.yellow("⚠ waived: " + e.str("why"))
                    + (e.get("notified") == null ? "" : s.dim(" — notified: " + e.str("notified"))));
            default -> {
                // integration events: one line each, compact
                if (e.type().equals(EventTypes.INTEGRATION_CALL)) integrationCall(e);
            }
        }
        out.flush();
    }

    private boolean progressShown;
    /** Events that redraw the live line themselves instead of clearing it. */
    private static final java.util.Set<String> LIVE = java.util.Set.of(EventTypes.GATE_PROGRESS, EventTypes.FANOUT_LAUNCHED,
            EventTypes.FANOUT_TARGET);
    private final FanOutView fanOut;
    /** Steps of the parallel block running now: their lines say which step they belong to. */
    private final java.util.Set<String> parallelSteps = new java.util.HashSet<>();
    /** Handlers that failed, said again under the run's last line: what they should have done was not done. */
    private final List<String> failedHandlers = new java.util.ArrayList<>();

    /** "name › " for a line of a step that runs beside others, or of one target of a small fan-out; else "". */
    private String who(Event e) {
        String target = e.str("fanOutTarget");
        if (target != null) return s.cyan(target + " › ");
        String step = e.str("step");
        return step != null && parallelSteps.contains(step) ? s.cyan(step + " › ") : "";
    }

    /** What the targets of a large fan-out print and call goes to the journal only: the fan-out's lines sum it up. */
    private boolean hiddenTargetEvent(Event e) {
        if (e.get("fanOutTarget") == null) return false;
        return switch (e.type()) {
            case EventTypes.COMMAND_STARTED, EventTypes.COMMAND_FINISHED, EventTypes.STEP_OUTPUT, EventTypes.STEP_OUTPUT_CUT,
                 EventTypes.STEP_LOG, EventTypes.INTEGRATION_CALL -> !fanOut.small(e.str("step"));
            default -> false;
        };
    }

    /** Draws {@code text} as the live line of a terminal (rewritten in place). */
    private void live(String text) {
        out.print("\r\u001b[2K" + s.dim(text));
        progressShown = true;
    }

    /** On a terminal, one line rewritten in place while a gate waits; nothing when piped (the polls say it). */
    private void progress(Event e) {
        if (!s.enabled()) return;
        StringBuilder line = new StringBuilder("      ⧗ " + ms(e.num("elapsedMs")) + " / " + ms(e.num("withinMs"))
                + " · " + e.num("polls") + " polls · " + e.str("observation"));
        if (e.get("sustainMs") != null) line.append(" · held ").append(ms(e.num("heldMs"))).append(" / ").append(ms(e.num("sustainMs")));
        out.print("\r\u001b[2K" + s.dim(line.toString()));
        progressShown = true;
    }

    private void clearProgress() {
        if (progressShown) {
            out.print("\r\u001b[2K");
            progressShown = false;
        }
    }

    private static List<String> strings(Object o) {
        if (o instanceof java.util.Collection<?> c) return c.stream().map(String::valueOf).toList();
        return o == null ? List.of() : List.of(String.valueOf(o));
    }

    private void runStarted(Event e) {
        String title = e.str("title");
        out.println(s.bold("▶ " + e.str("runbook")) + (title == null || title.isEmpty() ? "" : " — " + title));
        StringBuilder meta = new StringBuilder("  run " + e.str("run") + " · severity " + e.str("severity")
                + " · operator " + e.str("operator"));
        if (Boolean.TRUE.equals(e.get("dryRun"))) meta.append(" · ").append(s.cyan("DRY RUN: no command is executed"));
        out.println(meta);
        if (e.get("params") instanceof Map<?, ?> p && !p.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            p.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(v));
            out.println("  params " + sb);
        }
        // a shared journal (PostgreSQL) is not in the run's folder, which still holds its files (workdir, a copy of the runbook)
        String journal = e.str("journal");
        out.println(s.dim(journal == null ? "  journal " + e.str("dir") : "  journal " + journal + " · files " + e.str("dir")));
        out.println();
    }

    private void stepStarted(Event e) {
        if ("parallel".equals(e.str("kind")) && e.get("steps") instanceof List<?> steps) {
            steps.forEach(st -> parallelSteps.add(String.valueOf(st)));
        }
        long attempt = e.num("attempt");
        if (attempt > 1) {
            out.println("      " + s.yellow("↻ attempt " + attempt + " of " + e.num("attempts")));
            return;
        }
        StringBuilder line = new StringBuilder(time(e) + " " + s.bold("[" + e.num("index") + "/" + e.num("of") + "] " + e.str("step")));
        StringBuilder hints = new StringBuilder();
        if (e.get("withinMs") != null) {
            hints.append("polls every ").append(ms(e.num("everyMs"))).append(" for up to ").append(ms(e.num("withinMs")));
            if (e.get("sustainMs") != null) hints.append(", must hold ").append(ms(e.num("sustainMs")));
        }
        if (e.get("expectedMs") != null) hints.append("expected ").append(ms(e.num("expectedMs")));
        if (e.get("timeoutMs") != null) hints.append(hints.isEmpty() ? "" : ", ").append("timeout ").append(ms(e.num("timeoutMs")));
        if (e.num("attempts") > 1) hints.append(hints.isEmpty() ? "" : ", ").append("up to ").append(e.num("attempts")).append(" attempts");
        if (!hints.isEmpty()) line.append(s.dim("  (" + hints + ")"));
        out.println(line);
    }

    private void attemptFailed(Event e) {
        String msg = "✗ attempt " + e.num("attempt") + " of " + e.num("attempts") + " " + label(e.str("kind")) + ": " + e.str("error");
        if (e.get("retryInMs") != null) {
            long wait = e.num("retryInMs");
            out.println("      " + who(e) + s.yellow(indent(msg)) + s.dim(wait > 0 ? " — retrying in " + ms(wait) : " — retrying"));
        } else if (e.num("attempts") > 1) {
            out.println("      " + who(e) + s.red(indent(msg)));
        }
    }

    private void stepFinished(Event e) {
        String w = who(e);
        if ("parallel".equals(e.str("kind"))) parallelSteps.clear();
        String status = e.str("status");
        String took = ms(e.num("durationMs"));
        String expected = e.get("expectedMs") == null ? "" : " (expected " + ms(e.num("expectedMs")) + ")";
        switch (status) {
            case "ok" -> {
                boolean late = e.get("expectedMs") != null && e.num("durationMs") > e.num("expectedMs");
                out.println("      " + w + (late ? s.yellow("✓ ok in " + took + " — longer than expected" + expected)
                        : s.green("✓ ok in " + took) + s.dim(expected)));
            }
            case "failed continued" -> out.println("      " + w + s.yellow("✗ failed after " + took + " — continuing (continueOnFailure): "
                    + indent(e.str("error"))));
            default -> out.println("      " + w + s.red("✗ failed after " + took + attempts(e) + ": " + indent(e.str("error"))));
        }
    }

    private void asked(Event e) {
        boolean dry = Boolean.TRUE.equals(e.get("dryRun"));
        String what = "manual".equals(e.str("kind")) ? "check: " + e.str("text") : "type " + e.str("text") + " to go on";
        if (e.get("index") != null) out.println(time(e) + " " + s.bold("[" + e.num("index") + "/" + e.num("of") + "] operator: " + what));
        else if (e.get("step") == null) out.println(time(e) + " " + s.bold("operator: " + what));
        if (dry) out.println("      " + s.cyan("would ask the operator: ") + what);
    }

    private void integrationCall(Event e) {
        String outcome = e.str("outcome");
        String target = e.str("target");
        // a call on a server about one database (create, rename, drop) names it: the server alone does not say which
        String database = e.get("database") == null || target.contains(e.str("database")) ? ""
                : " database '" + e.str("database") + "'" + (e.get("newName") == null ? "" : " → '" + e.str("newName") + "'");
        String text = e.str("integration") + " " + e.str("action") + " " + target + database
                + (e.get("status") != null ? " → " + e.str("status") : "") + " (" + ms(e.num("durationMs")) + ")";
        switch (outcome == null ? "" : outcome) {
            case "failed" -> out.println("      " + s.yellow("· " + text + " failed: " + e.str("error")));
            case "dry-run" -> out.println("      " + s.cyan("would call: ") + text);
            default -> out.println("      " + s.dim("· " + text));
        }
    }

    private void runFinished(Event e) {
        out.println();
        String took = ms(e.num("durationMs"));
        String counts = counts(e.get("counts"));
        switch (e.str("outcome")) {
            case "succeeded" -> out.println(s.green(s.bold("✓ Run succeeded")) + " in " + took + s.dim(counts));
            case "aborted" -> out.println(s.yellow(s.bold("■ Run aborted")) + " in " + took + at(e) + ": "
                    + e.str("error") + s.dim(counts));
            default -> out.println(s.red(s.bold("✗ Run FAILED")) + " in " + took + at(e) + ": "
                    + firstLine(e.str("error")) + s.dim(counts));
        }
        for (String h : failedHandlers) out.println(s.red("⚠ handler failed — " + h));
        failedHandlers.clear();
    }

    private static String handlerName(Event e) {
        return e.str("step") == null ? e.str("handler") : "onFailure of '" + e.str("step") + "'";
    }

    /** Where the run stopped; nothing when it stopped before any step (a REPL left before the first one). */
    private static String at(Event e) {
        String step = e.str("failedStep");
        return step == null ? "" : " at '" + step + "'";
    }

    private static String counts(Object counts) {
        if (!(counts instanceof Map<?, ?> m) || m.isEmpty()) return "";
        StringBuilder sb = new StringBuilder(" — ");
        m.forEach((k, v) -> sb.append(sb.length() > 3 ? ", " : "").append(v).append(' ').append(k));
        return sb.toString();
    }

    private static String handlerTitle(Event e) {
        return switch (e.str("handler")) {
            case "step onFailure" -> "      ↳ onFailure of '" + e.str("step") + "'";
            case "onFailure" -> "[onFailure] the run failed: running its handler";
            case "always" -> "[always]";
            default -> e.str("handler");
        };
    }

    private static String attempts(Event e) {
        long n = e.num("attempts");
        return n > 1 ? " and " + n + " attempts" : "";
    }

    private static String label(String kind) {
        return switch (kind == null ? "" : kind) {
            case "timeout" -> "timed out";
            case "aborted" -> "stopped";
            default -> "failed";
        };
    }

    private static String time(Event e) {
        return CLOCK.format(e.at());
    }

    private static String ms(long millis) {
        return Durations.format(Duration.ofMillis(millis));
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ');
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String indent(String s) {
        return s == null ? "" : String.join("\n        ", List.of(s.split("\n")));
    }
}
