package dev.runbook.integrations.support;

import dev.runbook.diag.Suggestions;
import dev.runbook.engine.StepFailure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The named arguments of one integration call ({@code pg.dump('shop', to: 'x.dump')}), checked against the keys
 * the call knows so that a misspelt option fails with a "did you mean" instead of being ignored.
 */
public final class NamedOptions {
    private final String call;
    private final Map<String, Object> values;

    private NamedOptions(String call, Map<String, Object> values) {
        this.call = call;
        this.values = values;
    }

    /**
     * @param call    how messages name the call: {@code pg.dump}
     * @param given   the named arguments (null means none)
     * @param allowed the keys this call understands
     */
    public static NamedOptions of(String call, Map<String, ?> given, List<String> allowed) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        if (given != null) given.forEach((k, v) -> values.put(String.valueOf(k), v));
        for (String key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw new StepFailure(call + ": unknown option '" + key + ":' — "
                        + Suggestions.didYouMean(key, allowed, "the options are " + String.join(", ", allowed)),
                        StepFailure.Kind.ERROR);
            }
        }
        return new NamedOptions(call, values);
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public Object raw(String key) {
        return values.get(key);
    }

    /** The call these options belong to, as messages name it: {@code pg.dump}. */
    public String call() {
        return call;
    }

    public String string(String key) {
        Object v = values.get(key);
        return v == null ? null : String.valueOf(v);
    }

    public String string(String key, String fallback) {
        String v = string(key);
        return v == null ? fallback : v;
    }

    public String required(String key, String example) {
        String v = string(key);
        if (v == null || v.isBlank()) {
            throw new StepFailure(call + " needs " + key + ": — write for instance " + example, StepFailure.Kind.ERROR);
        }
        return v;
    }

    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw new StepFailure(call + ": " + key + ": must be true or false, not '" + v + "'", StepFailure.Kind.ERROR);
    }

    public Integer integer(String key) {
        Object v = values.get(key);
        if (v == null) return null;
        if (v instanceof Number n) return n.intValue();
        try {
            return Integer.parseInt(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new StepFailure(call + ": " + key + ": must be a number, not '" + v + "'", StepFailure.Kind.ERROR);
        }
    }

    public Duration duration(String key) {
        Object v = values.get(key);
        if (v == null) return null;
        if (v instanceof Duration d) return d;
        throw new StepFailure(call + ": " + key + ": must be a duration such as 30.seconds, not '" + v + "'", StepFailure.Kind.ERROR);
    }

    /** A file path: a String, GString, File or Path. */
    public Path path(String key) {
        Object v = values.get(key);
        if (v == null) return null;
        if (v instanceof Path p) return p;
        if (v instanceof java.io.File f) return f.toPath();
        return Path.of(String.valueOf(v));
    }
}
