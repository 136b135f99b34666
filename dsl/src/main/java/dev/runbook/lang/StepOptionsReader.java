package dev.runbook.lang;

import dev.runbook.diag.Problems;
import dev.runbook.model.Action;
import dev.runbook.model.SourcePos;
import dev.runbook.model.StepOptions;
import groovy.lang.Closure;
import groovy.lang.GroovyObject;
import groovy.lang.GroovyObjectSupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Turns a step's named arguments into {@link StepOptions}, reporting each one that is wrong. */
final class StepOptionsReader {
    private final Problems problems;
    private final SourcePos pos;
    private final String step;

    StepOptionsReader(Problems problems, SourcePos pos, String step) {
        this.problems = problems;
        this.pos = pos;
        this.step = step;
    }

    StepOptions read(Map<String, Object> o) {
        DurationReader d = new DurationReader(problems, pos, "step '" + step + "'");
        Duration timeout = d.read(o, "timeout");
        Duration backoff = d.read(o, "backoff");
        Duration expected = d.read(o, "expected");
        int retry = 0;
        Object r = o.get("retry");
        if (r instanceof Integer i && i >= 0 && i <= 1000) retry = i;
        else if (r != null) problems.add(pos, "retry: of step '" + step + "' must be a whole number of extra attempts (0 to 1000), not '" + r + "'",
                "write retry: 2 to try up to three times");
        Action when = null;
        Object w = o.get("when");
        if (w instanceof Closure<?> c) when = new Action(c, pos, List.of());
        else if (w instanceof Boolean b) when = b ? null : new Action(alwaysFalse(), pos, List.of());
        else if (w != null) problems.add(pos, "when: of step '" + step + "' must be a condition block", "write when: { params.env == 'prod' }");
        return new StepOptions(timeout, retry, backoff == null ? Duration.ZERO : backoff, expected, when,
                bool(o, "idempotent"), bool(o, "continueOnFailure"));
    }

    /**
     * {@code when: false} written as a literal. The engine rehydrates every condition onto its runbook object, so
     * the closure needs a Groovy object as owner (a curried {@code Closure.IDENTITY} has none and fails the step).
     */
    static Closure<Boolean> alwaysFalse() {
        GroovyObject owner = new GroovyObjectSupport() {};
        return new Closure<Boolean>(owner) {
            @SuppressWarnings("unused")
            public Boolean doCall() {
                return false;
            }
        };
    }

    private boolean bool(Map<String, Object> o, String key) {
        Object v = o.get(key);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        problems.add(pos, key + ": of step '" + step + "' must be true or false, not '" + v + "'", "write " + key + ": true");
        return false;
    }
}
