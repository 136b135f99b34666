package dev.runbook.lang;

import dev.runbook.diag.Suggestions;
import dev.runbook.model.FanOutOptions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads the options of {@code forEach}, the same way for the top-level node (checked when the file is compiled) and
 * for the call inside a step (checked when it runs): each wrong option is reported as (what is wrong, what to write).
 */
public final class FanOutOptionsReader {
    /** Options of the top-level {@code forEach} node. */
    public static final List<String> NODE_OPTIONS = List.copyOf(DslVocabulary.options(DslVocabulary.Scope.RUNBOOK, "forEach"));
    /** Options of {@code forEach} called inside a step. */
    public static final List<String> CALL_OPTIONS = List.copyOf(DslVocabulary.options(DslVocabulary.Scope.STEP, "forEach"));
    public static final int MAX_CONCURRENCY = 10_000;

    private FanOutOptionsReader() {}

    /** @param problem receives (what is wrong, what to write instead) for each wrong option */
    public static FanOutOptions read(Map<String, Object> o, List<String> known, BiConsumer<String, String> problem) {
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                problem.accept("unknown option '" + key + ":' for forEach",
                        Suggestions.didYouMean(key, known, "the options are " + String.join(", ", known.stream().sorted().toList())));
            }
        }
        int concurrency = FanOutOptions.DEFAULT_CONCURRENCY;
        Object c = o.get("concurrency");
        if (c instanceof Integer i && i >= 1 && i <= MAX_CONCURRENCY) concurrency = i;
        else if (c != null) problem.accept("concurrency: of forEach must be a whole number from 1 to " + MAX_CONCURRENCY
                + ", not '" + c + "'", "write concurrency: 10 to run ten targets at once");
        int maxErrors = -1;
        double fraction = -1;
        Object m = o.get("maxErrors");
        if (m instanceof Integer i && i >= 0) maxErrors = i;
        else if (m instanceof Double d && d >= 0 && d <= 1) fraction = d; // 10.percent is 0.1
        else if (m != null) problem.accept("maxErrors: of forEach must be a number of failed targets or a percentage, not '" + m + "'",
                "write maxErrors: 5 (launching stops at the 6th failure) or maxErrors: 10.percent");
        Duration timeout = null;
        Object t = o.get("timeout");
        if (t instanceof Duration d && !d.isNegative() && !d.isZero()) timeout = d;
        else if (t != null) problem.accept("timeout: of forEach must be a positive duration per target, not '" + t + "'",
                "write timeout: " + (t instanceof Number n && n.doubleValue() > 0 ? n + ".seconds" : "30.seconds"));
        return new FanOutOptions(concurrency, maxErrors, fraction, timeout, bool(o, "continueOnFailure", problem),
                bool(o, "idempotent", problem));
    }

    private static boolean bool(Map<String, Object> o, String key, BiConsumer<String, String> problem) {
        Object v = o.get(key);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        problem.accept(key + ": of forEach must be true or false, not '" + v + "'", "write " + key + ": true");
        return false;
    }
}
