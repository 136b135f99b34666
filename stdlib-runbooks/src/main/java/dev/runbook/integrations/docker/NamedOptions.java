package dev.runbook.integrations.docker;

import dev.runbook.diag.Suggestions;
import dev.runbook.engine.StepFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named arguments of one integration call ({@code docker.ps(all: true)}), checked against the keys the call
 * knows so that a misspelt key fails with a suggestion instead of being ignored.
 */
public final class NamedOptions {
    private final String call;
    private final Map<String, Object> values;

    private NamedOptions(String call, Map<String, Object> values) {
        this.call = call;
        this.values = values;
    }

    /** Fails the step when {@code options} holds a key not in {@code known}. */
    public static NamedOptions check(String call, Map<String, ?> options, String... known) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (options != null) options.forEach((k, v) -> values.put(String.valueOf(k), v));
        List<String> allowed = Arrays.asList(known);
        for (String key : values.keySet()) {
            if (!allowed.contains(key)) {
                String hint = allowed.isEmpty() ? call + " takes no options"
                        : Suggestions.didYouMean(key, allowed, call + " knows: " + String.join(", ", allowed));
                throw new StepFailure(call + ": unknown option '" + key + "' — " + hint, StepFailure.Kind.ERROR);
            }
        }
        return new NamedOptions(call, values);
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public String string(String key, String fallback) {
        Object v = values.get(key);
        return v == null ? fallback : v.toString();
    }

    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw wrongType(key, v, "true or false");
    }

    public Integer integer(String key, Integer fallback) {
        Object v = values.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.intValue();
        if (v instanceof Duration d) return Math.toIntExact(d.toSeconds());
        throw wrongType(key, v, "a number");
    }

    /** Seconds, given as a number or a duration ({@code 10.seconds}). */
    public Duration duration(String key, Duration fallback) {
        Object v = values.get(key);
        if (v == null) return fallback;
        if (v instanceof Duration d) return d;
        if (v instanceof Number n) return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
        throw wrongType(key, v, "a duration such as 30.seconds");
    }

    /** A point in time: an instant, or a duration meaning "that long ago". */
    public Instant instant(String key, Instant now) {
        Object v = values.get(key);
        if (v == null) return null;
        if (v instanceof Instant i) return i;
        if (v instanceof Duration d) return now.minus(d);
        if (v instanceof java.util.Date date) return date.toInstant();
        throw wrongType(key, v, "a duration such as 10.minutes (meaning: that long ago) or an Instant");
    }

    /** A list of strings, given as one string or a list. */
    public List<String> strings(String key) {
        return asStrings(key, values.get(key));
    }

    public Map<String, String> stringMap(String key) {
        Object v = values.get(key);
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) throw wrongType(key, v, "a map such as [KEY: 'value']");
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), val == null ? "" : val.toString()));
        return out;
    }

    List<String> asStrings(String key, Object v) {
        if (v == null) return List.of();
        if (v instanceof CharSequence s) return List.of(s.toString());
        if (v instanceof Collection<?> c) {
            List<String> out = new ArrayList<>();
            c.forEach(x -> out.add(String.valueOf(x)));
            return out;
        }
        if (v instanceof Object[] a) return Arrays.stream(a).map(String::valueOf).toList();
        throw wrongType(key, v, "a string or a list of strings");
    }

    private StepFailure wrongType(String key, Object v, String expected) {
        return new StepFailure(call + ": option '" + key + "' is " + v.getClass().getSimpleName() + " " + v
                + " — write " + expected, StepFailure.Kind.ERROR);
    }
}
