package dev.runbook.lang;

import java.time.Duration;

/** Formats durations the way an operator reads them: 850ms, 4.2s, 2m 5s, 1h 3m. */
public final class Durations {
    private Durations() {}

    public static String format(Duration d) {
        if (d == null) return "";
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms < 10_000) return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        long s = Math.round(ms / 1000.0);
        if (s < 60) return s + "s";
        long m = s / 60, rs = s % 60;
        if (m < 60) return rs == 0 ? m + "m" : m + "m " + rs + "s";
        long h = m / 60, rm = m % 60;
        return rm == 0 ? h + "h" : h + "h " + rm + "m";
    }

    /** Source-like form for plans: 5.seconds, 2.minutes, 1500.millis. */
    public static String dsl(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return (ms / 3_600_000) + (ms == 3_600_000 ? ".hour" : ".hours");
        if (ms % 60_000 == 0 && ms > 0) return (ms / 60_000) + (ms == 60_000 ? ".minute" : ".minutes");
        if (ms % 1000 == 0) return (ms / 1000) + (ms == 1000 ? ".second" : ".seconds");
        return ms + ".millis";
    }
}
