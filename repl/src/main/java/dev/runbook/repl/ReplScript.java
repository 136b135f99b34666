package dev.runbook.repl;

import groovy.lang.GroovyObject;
import groovy.lang.Script;

/**
 * The base class of every line typed at the prompt: names the line does not define itself ({@code params},
 * {@code sh}, {@code http}, {@code steps} ...) come from the scope a step gets, so a line works like a step body.
 */
public abstract class ReplScript extends Script {
    /** The names a step's scope has: with no runbook loaded, a line that uses one is told it needs one. */
    static final java.util.Set<String> STEP_NAMES = java.util.Set.of("sh", "log", "manual", "confirm", "fail", "params", "env",
            "secrets", "run", "workdir", "runbookDir", "steps", "report", "forEach", "raw");

    /** A step's name used where no runbook is loaded. */
    static final class NoScope extends RuntimeException {
        private final String name;

        NoScope(String name) {
            super("'" + name + "' needs a runbook", null, false, false);
            this.name = name;
        }

        String name() { return name; }
    }

    /** null when no runbook is loaded: the line runs on its own, and prints onto {@link #console} */
    private transient GroovyObject scope;
    private transient java.io.PrintStream console;

    void useScope(GroovyObject scope) {
        this.scope = scope;
    }

    /** No runbook: no scope, and what the line prints goes onto the REPL's console. */
    void useConsole(java.io.PrintStream console) {
        this.scope = null;
        this.console = console;
    }

    public Object propertyMissing(String name) {
        if (scope == null) throw new NoScope(name);
        return scope.getProperty(name);
    }

    /** A method defined on an earlier line ({@link DeclarationsToBinding} keeps it as a closure), else the scope's. */
    public Object methodMissing(String name, Object args) {
        if (getBinding().hasVariable(name) && getBinding().getVariable(name) instanceof groovy.lang.Closure<?> c) {
            return c.call(args instanceof Object[] a ? a : new Object[]{args});
        }
        if (scope == null) throw new NoScope(name);
        return scope.invokeMethod(name, args);
    }

    // Script's own println looks up 'out' in the binding (the scope knows no such name); a line prints as a step
    // does: through its scope, onto the console and into the journal, secrets masked

    // (with no runbook, onto the REPL's console)

    @Override
    public void println(Object value) {
        if (scope == null) console.println(org.codehaus.groovy.runtime.InvokerHelper.toString(value));
        else scope.invokeMethod("println", new Object[]{value});
    }

    @Override
    public void println() { if (scope == null) console.println(); else scope.invokeMethod("println", new Object[0]); }

    @Override
    public void print(Object value) {
        if (scope == null) console.print(org.codehaus.groovy.runtime.InvokerHelper.toString(value));
        else scope.invokeMethod("print", new Object[]{value});
    }

    @Override
    public void printf(String format, Object value) { printf(format, new Object[]{value}); }

    @Override
    public void printf(String format, Object[] values) {
        if (scope == null) console.printf(format, values);
        else scope.invokeMethod("printf", new Object[]{format, values});
    }
}
