package dev.runbook.lang;

import dev.runbook.diag.Problems;
import dev.runbook.model.SourcePos;

import java.time.Duration;
import java.util.Map;

/** Reads a duration option ({@code timeout: 2.minutes}), reporting a number or a negative value as a problem. */
final class DurationReader {
    private final Problems problems;
    private final SourcePos pos;
    private final String what;

    DurationReader(Problems problems, SourcePos pos, String what) {
        this.problems = problems;
        this.pos = pos;
        this.what = what;
    }

    /** Null when the option is absent or wrong (wrong is reported). A zero backoff is allowed; other zeros are not. */
    Duration read(Map<String, Object> options, String key) {
        Object v = options.get(key);
        if (v == null) return null;
        if (v instanceof Duration d && !d.isNegative()) {
            if (d.isZero() && !key.equals("backoff")) {
                problems.add(pos, key + ": of " + what + " is zero", "write a positive duration such as 30.seconds");
                return null;
            }
            return d;
        }
        problems.add(pos, key + ": of " + what + " must be a duration, not '" + v + "'",
                "write " + key + ": " + (v instanceof Number n ? n + ".seconds" : "30.seconds") + " or 2.minutes");
        return null;
    }
}
