package dev.runbook.lang;

import java.time.Duration;

/**
 * {@code 5.seconds}, {@code 2.minutes}, {@code 1.hour}, {@code 1.percent} on numbers, registered as a
 * Groovy extension module so runbooks read like the markdown pages they replace.
 */
public final class DurationExtensions {
    private DurationExtensions() {}

    public static Duration getMillis(Number self) { return Duration.ofMillis(self.longValue()); }
    public static Duration getMilliseconds(Number self) { return getMillis(self); }
    public static Duration getSecond(Number self) { return getSeconds(self); }
    public static Duration getSeconds(Number self) { return Duration.ofMillis(Math.round(self.doubleValue() * 1000)); }
    public static Duration getMinute(Number self) { return getMinutes(self); }
    public static Duration getMinutes(Number self) { return Duration.ofMillis(Math.round(self.doubleValue() * 60_000)); }
    public static Duration getHour(Number self) { return getHours(self); }
    public static Duration getHours(Number self) { return Duration.ofMillis(Math.round(self.doubleValue() * 3_600_000)); }
    public static Duration getDay(Number self) { return getDays(self); }
    public static Duration getDays(Number self) { return Duration.ofMillis(Math.round(self.doubleValue() * 86_400_000)); }

    /** {@code 1.percent} is 0.01, for thresholds such as {@code errorRate < 1.percent}. */
    public static double getPercent(Number self) { return self.doubleValue() / 100.0; }

    /** The unit names above, for "did you mean" on a misspelt one. */
    public static final java.util.List<String> UNITS = java.util.List.of(
            "millis", "milliseconds", "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "percent");
}
