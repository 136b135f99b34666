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
}
