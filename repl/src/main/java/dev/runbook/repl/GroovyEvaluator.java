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
            return shell.parse(code, "line" + (++lines) + ".groovy");
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
