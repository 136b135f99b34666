package dev.runbook.lang;

import dev.runbook.diag.Problems;
import dev.runbook.diag.Suggestions;
import dev.runbook.model.SourcePos;

import java.util.Map;
import java.util.Set;

/** The checks every element's named arguments share: unknown option names, and options that must be true or false. */
final class OptionChecks {
    private final Problems problems;

    OptionChecks(Problems problems) {
        this.problems = problems;
    }

    /** Reports each option not in {@code known}, with the closest known one or the list of them. */
    void unknownOptions(Map<String, Object> options, Set<String> known, String element, SourcePos pos) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                problems.add(pos, "unknown option '" + key + ":' for " + element,
                        Suggestions.didYouMean(key, known, "the options are " + String.join(", ", known.stream().sorted().toList())));
            }
        }
    }

    /** The option's value, {@code fallback} when it is absent; anything but true or false is reported. */
    boolean bool(Map<String, Object> options, String key, boolean fallback, String element, SourcePos pos) {
        Object v = options.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        problems.add(pos, key + ": of " + element + " must be true or false, not '" + v + "'", "write " + key + ": true");
        return fallback;
    }

    /**
     * {@code when: { ... }} of a top-level node (approval, confirm, manual), read as a step's is: a block, or a
     * literal true (always) or false (never); null when absent or wrong (reported).
     */
    dev.runbook.model.Action when(Map<String, Object> options, String element, SourcePos pos) {
        Object w = options.get("when");
        if (w instanceof groovy.lang.Closure<?> c) return new dev.runbook.model.Action(c, pos, java.util.List.of());
        if (Boolean.FALSE.equals(w)) return new dev.runbook.model.Action(StepOptionsReader.alwaysFalse(), pos, java.util.List.of());
        if (w != null && !(w instanceof Boolean)) {
            problems.add(pos, "when: of " + element + " must be a condition block", "write when: { params.env == 'prod' }");
        }
        return null;
    }
}
