package dev.runbook.repl;

import dev.runbook.engine.RunSession;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.util.Set;
import java.util.TreeSet;

/** Evaluates lines typed at the prompt as Groovy, in the run's context; variables persist from line to line. */
final class GroovyEvaluator {
    private final ClassLoader parent;
    // both made on first use: the first Groovy object sets up Groovy's runtime (a few hundred ms), which the first
    // prompt does not need
    private Binding binding;
    private GroovyShell shell;
    private Throwable lastError;
    private int lines;
    private String lastClassName;
    /** The worker thread running a line now; stays set when a line ignored Ctrl-C and was abandoned. */
    private volatile Thread running;

    GroovyEvaluator(ClassLoader parent) {
        this.parent = parent;
    }

    /**
     * Compiles {@code code} and runs it on the run's worker with a step's scope.
     *
     * @throws InvalidCode when it does not compile (nothing ran)
     * @throws dev.runbook.engine.StepFailure when it failed or was stopped, with a one-line message
     */
    Object evaluate(RunSession session, String code) {
        return run(session, parse(code));
    }

    /** Runs a compiled line on the run's worker with a step's scope (see {@link #evaluate}). */
    Object run(RunSession session, Script script) {
        return session.evaluate("repl", scope -> {
            ((ReplScript) script).useScope(scope);
            running = Thread.currentThread();
            try {
                return script.run();
            } catch (Throwable t) {
                lastError = t;
                throw GroovyEvaluator.<RuntimeException>sneaky(t);
            } finally {
                running = null;
            }
        });
    }

    /**
     * Runs a compiled line with no run (no runbook is loaded) on a thread of its own, so that Ctrl-C can interrupt it
     * ({@link #interruptAlone}); the names a step has fail with words that say a runbook brings them.
     *
     * @param integration whether a name is an integration's (it needs a runbook too)
     * @param console where the line prints
     * @throws dev.runbook.engine.StepFailure when it failed or was stopped, with a one-line message
     */
    Object runAlone(Script script, java.util.function.Predicate<String> integration, java.io.PrintStream console) {
        ((ReplScript) script).useConsole(console);
        java.util.concurrent.atomic.AtomicReference<Object> value = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> error = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                value.set(script.run());
            } catch (Throwable e) {
                error.set(e);
            }
        }, "repl-line");
        running = t;
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) throw new dev.runbook.engine.StepFailure("stopped by the operator (Ctrl-C)", dev.runbook.engine.StepFailure.Kind.ABORTED);
        running = null;
        Throwable e = error.get();
        if (e == null) return value.get();
        lastError = e;
        if (e instanceof InterruptedException) {
            throw new dev.runbook.engine.StepFailure("stopped by the operator (Ctrl-C)", dev.runbook.engine.StepFailure.Kind.ABORTED, e);
        }
        String name = e instanceof groovy.lang.MissingPropertyException p && p.getType() == null ? p.getProperty()
                : e instanceof groovy.lang.MissingMethodException m && m.getType() != null && ReplScript.class.isAssignableFrom(m.getType()) ? m.getMethod()
                : e instanceof ReplScript.NoScope n ? n.name() : null;
        String message = name == null ? e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))
                : ReplScript.STEP_NAMES.contains(name) || integration.test(name) ? "'" + name + "' needs a runbook: load FILE first"
                : "unknown name '" + name + "'";
        throw new dev.runbook.engine.StepFailure(message, dev.runbook.engine.StepFailure.Kind.ERROR, e);
    }

    /** Ctrl-C at a line run with no run: its thread is interrupted (every loop checks). */
    void interruptAlone() {
        Thread t = running;
        if (t != null) t.interrupt();
    }

    /** The name of the class declared by the last line that declared only classes. */
    String lastClassName() {
        return lastClassName;
    }

    /** A line stopped by Ctrl-C still runs: it ignored the interrupt (it caught it), and the engine gave up waiting. */
    boolean runawayLine() {
        Thread t = running;
        return t != null && t.isAlive();
    }

    /** Compiles a line; {@link InvalidCode} when it does not compile. */
    Script parse(String code) {
        if (shell == null) {
            CompilerConfiguration config = new CompilerConfiguration();
            config.setScriptBaseClass(ReplScript.class.getName());
            config.setDisabledGlobalASTTransformations(dev.runbook.compile.GlobalTransforms.NOT_FOR_RUNBOOKS);
            config.addCompilationCustomizers(new DeclarationsToBinding(),
                    // every loop and closure checks for Ctrl-C's interrupt, so a runaway line stops instead of keeping a core
                    new org.codehaus.groovy.control.customizers.ASTTransformationCustomizer(groovy.transform.ThreadInterrupt.class));
            binding = new Binding();
            shell = new GroovyShell(parent, binding, config);
        }
        try {
            // compiled by the shell's class loader, which keeps the classes a line declares for the lines after it
            Class<?> c = shell.getClassLoader().parseClass(new groovy.lang.GroovyCodeSource(code, "line" + (++lines) + ".groovy",
                    GroovyShell.DEFAULT_CODE_BASE), false);
            if (!Script.class.isAssignableFrom(c)) lastClassName = c.getSimpleName(); // a line of classes only: no script
            return org.codehaus.groovy.runtime.InvokerHelper.createScript(c, binding);
        } catch (MultipleCompilationErrorsException e) {
            lastError = e;
            throw new InvalidCode(firstError(e));
        }
    }

    /** The names defined at the prompt so far. */
    Set<String> variables() {
        Set<String> names = new TreeSet<>();
        if (binding == null) return names;
        for (Object k : binding.getVariables().keySet()) names.add(String.valueOf(k));
        return names;
    }

    /** The value of a name defined at the prompt; null when none is. */
    Object variable(String name) {
        return binding == null || !binding.hasVariable(name) ? null : binding.getVariable(name);
    }

    Throwable lastError() {
        return lastError;
    }

    void failed(Throwable t) {
        lastError = t;
    }

    private static String firstError(MultipleCompilationErrorsException e) {
        Message m = e.getErrorCollector().getErrors().isEmpty() ? null : e.getErrorCollector().getErrors().get(0);
        if (m instanceof SyntaxErrorMessage s) {
            SyntaxException x = s.getCause();
            return "line " + x.getLine() + ":" + x.getStartColumn() + ": " + x.getOriginalMessage();
        }
        String text = e.getMessage();
        int nl = text.indexOf('\n', text.indexOf(':') + 1);
        return text.lines().skip(1).findFirst().orElse(nl < 0 ? text : text.substring(0, nl)).strip();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** The line does not compile. */
    static final class InvalidCode extends RuntimeException {
        InvalidCode(String message) {
            super(message);
        }
    }
}
