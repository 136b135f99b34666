package dev.runbook.console;

import dev.runbook.journal.Event;
import dev.runbook.lang.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A fan-out, readable at 1,000 targets. On a terminal: one live line (done / failed / running, the slowest)
 * rewritten in place, and the first failures as they come. Elsewhere (a log, CI): the first failures, a progress
 * line at each quarter or every {@value #PROGRESS_EVERY_MS} ms at most, then the summary with the failures, capped.
 */
final class FanOutView {
    static final int SMALL = 10;
    static final int FAILURES_SHOWN = 10;
    static final long PROGRESS_EVERY_MS = 10_000;
    static final long REDRAW_MS = 100;

    private static final class Fan {
        long targets, launched, done, failed, failuresShown, slowestMs = -1;
        String slowest;
        int quarter;
        java.time.Instant lastProgress;
        long lastDraw;
    }

    private final Map<String, Fan> fans = new java.util.HashMap<>();
    private final Screen screen;
    private final Style s;

    /** Where the view writes: the console renderer, which owns the live line. */
    interface Screen {
        /** A line that stays (the live line is cleared first). */
        void println(String line);

        /** Draws the live line in place. */
        void live(String text);

        void clearLive();

        boolean liveShown();

        /** "step › " or "target › " for lines of work that runs beside other work; else "". */
        String who(Event e);
    }

    FanOutView(Screen screen, Style s) {
        this.screen = screen;
        this.s = s;
    }

    boolean small(String step) {
        Fan f = fans.get(step);
        return f != null && f.targets <= SMALL;
    }

    void started(Event e) {
        Fan f = new Fan();
        f.targets = e.num("targets");
        f.lastProgress = e.at();
        fans.put(e.str("step"), f);
        StringBuilder line = new StringBuilder("⇉ " + f.targets + (f.targets == 1 ? " target" : " targets")
                + " · concurrency " + e.num("concurrency"));
        if (e.get("maxErrors") != null) line.append(" · maxErrors ").append(e.str("maxErrors"));
        if (e.get("timeoutMs") != null) line.append(" · timeout ").append(ms(e.num("timeoutMs"))).append(" per target");
        screen.println("      " + screen.who(e) + s.bold(line.toString()));
        if (e.num("doneEarlier") > 0) {
            screen.println("        " + s.dim(e.num("doneEarlier") + " more finished ok before the resume: not run again"));
        }
    }

    void launched(Event e) {
        Fan f = fans.get(e.str("step"));
        if (f == null) return;
        f.launched++;
        draw(e, f, false);
    }

    void target(Event e) {
        Fan f = fans.get(e.str("step"));
        if (f == null) return;
        f.done++;
        if (e.num("ms") > f.slowestMs) {
            f.slowestMs = e.num("ms");
            f.slowest = e.str("target");
        }
        boolean failed = "failed".equals(e.str("status"));
        if (failed) f.failed++;
        if (failed && f.failuresShown < FAILURES_SHOWN) {
            f.failuresShown++;
            screen.println("        " + s.red("✗ " + e.str("target") + ": " + firstLine(e.str("error"))));
        } else if (failed && f.failuresShown == FAILURES_SHOWN) {
            f.failuresShown++;
            screen.println("        " + s.dim("… more failures: the summary counts them, the journal has each"));
        }
        if (!s.enabled()) {
            int quarter = (int) (f.done * 4 / Math.max(1, f.targets));
            boolean due = java.time.Duration.between(f.lastProgress, e.at()).toMillis() >= PROGRESS_EVERY_MS;
            if (f.done < f.targets && f.targets > SMALL && (quarter > f.quarter || due)) {
                f.quarter = quarter;
                f.lastProgress = e.at();
                screen.println("        " + status(f));
            }
        } else if (f.done == f.targets && f.targets <= SMALL) {
            screen.clearLive();
        } else {
            draw(e, f, failed);
        }
    }

    void finished(Event e) {
        Fan f = fans.remove(e.str("step"));
        StringBuilder line = new StringBuilder("⇉ " + e.num("targets") + " targets in " + ms(e.num("durationMs")) + ": "
                + e.num("ok") + " ok · " + e.num("failed") + " failed");
        if (e.num("skipped") > 0) line.append(" · ").append(e.num("skipped")).append(" not launched");
        if (e.num("doneEarlier") > 0) line.append(" · ").append(e.num("doneEarlier")).append(" done before the resume");
        if (e.get("slowest") instanceof Map<?, ?> m) line.append(" · slowest ").append(m.get("target")).append(" ")
                .append(ms(((Number) m.get("ms")).longValue()));
        String text = "      " + screen.who(e) + line;
        screen.println(e.num("failed") > 0 ? s.red(text) : s.green(text));
        if (e.get("notLaunched") != null) screen.println("        " + s.yellow(e.str("notLaunched")));
        if (e.get("failures") instanceof List<?> failures && f != null && f.failed > 0) {
            for (Object o : failures) {
                if (o instanceof Map<?, ?> m) screen.println("        " + s.red("✗ " + m.get("target") + ": " + m.get("error")));
            }
            long more = e.num("failed") - failures.size();
            if (more > 0) screen.println("        " + s.dim("… and " + more + " more failed (runbook show: the journal has each)"));
        }
    }

    private void draw(Event e, Fan f, boolean force) {
        if (!s.enabled() || f.targets <= SMALL) return;
        long now = System.nanoTime() / 1_000_000;
        if (!force && screen.liveShown() && now - f.lastDraw < REDRAW_MS) return;
        f.lastDraw = now;
        screen.live("      ⧗ " + status(f));
    }

    private String status(Fan f) {
        return f.done + "/" + f.targets + " done · " + f.failed + " failed · " + Math.max(0, f.launched - f.done) + " running"
                + (f.slowest == null ? "" : " · slowest " + f.slowest + " " + ms(f.slowestMs));
    }

    private static String ms(long millis) {
        return Durations.format(Duration.ofMillis(millis));
    }

    private static String firstLine(String text) {
        if (text == null) return "";
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
