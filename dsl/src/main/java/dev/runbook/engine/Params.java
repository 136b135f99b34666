package dev.runbook.engine;

import dev.runbook.diag.Suggestions;
import groovy.lang.GroovyObjectSupport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code params.name} inside a step: the validated values. A misspelt name fails the step with a suggestion
 * instead of quietly yielding null (a null version in a rollback command is how outages get worse).
 */
public final class Params extends GroovyObjectSupport {
    private final Map<String, String> values;
    private final String kind;

    Params(Map<String, String> values, String kind) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.kind = kind;
    }

    @Override
    public Object getProperty(String name) {
        if (values.containsKey(name)) return values.get(name);
        if (name.equals("metaClass")) return getMetaClass();
        throw new StepFailure("unknown " + kind + " '" + name + "' — "
                + Suggestions.didYouMean(name, values.keySet(), values.isEmpty() ? "this runbook declares none"
                : "declared: " + String.join(", ", values.keySet())), StepFailure.Kind.ERROR, true);
    }

    @Override
    public void setProperty(String name, Object value) {
        throw new StepFailure(kind + "s are read-only inside a run; '" + name + "' cannot be changed", StepFailure.Kind.ERROR);
    }

    /** {@code params['name']}. */
    public Object getAt(String name) {
        return getProperty(name);
    }

    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
