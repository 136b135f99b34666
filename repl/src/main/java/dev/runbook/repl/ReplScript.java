package dev.runbook.repl;

import groovy.lang.GroovyObject;
import groovy.lang.Script;

/**
 * The base class of every line typed at the prompt: names the line does not define itself ({@code params},
 * {@code sh}, {@code http}, {@code steps} ...) come from the scope a step gets, so a line works like a step body.
 */
public abstract class ReplScript extends Script {
    private transient GroovyObject scope;

    void useScope(GroovyObject scope) {
        this.scope = scope;
    }

    public Object propertyMissing(String name) {
        return scope.getProperty(name);
    }

    public Object methodMissing(String name, Object args) {
        return scope.invokeMethod(name, args);
    }

    // Script's own println looks up 'out' in the binding (the scope knows no such name); a line prints as a step
    // does: through its scope, onto the console and into the journal, secrets masked

    @Override
    public void println(Object value) { scope.invokeMethod("println", new Object[]{value}); }

    @Override
    public void println() { scope.invokeMethod("println", new Object[0]); }

    @Override
    public void print(Object value) { scope.invokeMethod("print", new Object[]{value}); }

    @Override
    public void printf(String format, Object value) { printf(format, new Object[]{value}); }

    @Override
    public void printf(String format, Object[] values) { scope.invokeMethod("printf", new Object[]{format, values}); }
}
