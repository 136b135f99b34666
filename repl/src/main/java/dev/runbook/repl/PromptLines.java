package dev.runbook.repl;

import dev.runbook.console.Style;
import dev.runbook.engine.RunSession;
import dev.runbook.engine.StepFailure;
import dev.runbook.journal.EventTypes;
import groovy.lang.Script;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Groovy line typed at the prompt: compiled, then run in the run's context (a step's scope, on a worker, journaled
 * as {@code repl.eval}). Before any runbook is loaded it runs on its own (arithmetic, variables, methods: names a step
 * has say they need a runbook), and after the run has finished it still runs, to look at what the run left, but
 * nothing of it goes into the finished run's journal or changes how the run ended. A line that only declares a class
 * says so.
 */
final class PromptLines {
    /** A line journaled as {@code repl.eval} failed: the error, not the line again. */
    static final String REPL_EVAL_FAILED = "repl.eval.failed";

    private final RunDriver driver;
    private final GroovyEvaluator groovy;
    private final PrintStream out;
    private final Style style;
    private final AtomicInteger interrupts;

    /** @param interrupts counts Ctrl-C while a line is handled: one during the compile means the line must not run */
    PromptLines(RunDriver driver, GroovyEvaluator groovy, PrintStream out, Style style, AtomicInteger interrupts) {
        this.driver = driver;
        this.groovy = groovy;
        this.out = out;
        this.style = style;
        this.interrupts = interrupts;
    }

    /** @return true when the line ignored Ctrl-C and still runs (the REPL offers to leave) */
    boolean evaluate(String code) {
        if (driver.runbook().isEmpty()) return alone(code);
        if (driver.session().isEmpty() && !driver.tryOpen()) return false;
        RunSession session = driver.session().get();
        boolean finished = session.isFinished(); // its journal is closed, and its outcome is said
        if (!finished) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("code", code);
            session.record(EventTypes.REPL_EVAL, d);
        }
        try {
            Script script = compile(code);
            if (script == null) return false;
            show(groovy.run(session, script), session);
        } catch (GroovyEvaluator.InvalidCode e) {
            out.println(style.red("✗ ") + session.redact(e.getMessage()));
        } catch (StepFailure f) {
            // an exception's message may carry a value the line handled (a secret): masked like any output
            out.println(style.red("✗ ") + session.redact(f.getMessage()) + style.dim("  (trace shows the stack trace)"));
            // the line is journaled once, before it ran; what went wrong follows as an event of its own
            if (!finished) session.record(REPL_EVAL_FAILED, Map.of("error", f.getMessage()));
            return groovy.runawayLine();
        } finally {
            if (!finished) session.resume(-1); // a Ctrl-C stopped this line only (a finished run keeps its end)
        }
        return false;
    }

    /** No runbook: the line runs on its own thread (Ctrl-C interrupts it), with no step's names. */
    private boolean alone(String code) {
        try {
            Script script = compile(code);
            if (script == null) return false;
            show(groovy.runAlone(script, name -> driver.integrationNames().contains(name), out), null);
        } catch (GroovyEvaluator.InvalidCode e) {
            out.println(style.red("✗ ") + e.getMessage());
        } catch (StepFailure f) {
            out.println(style.red("✗ ") + f.getMessage() + style.dim("  (trace shows the stack trace)"));
            return groovy.runawayLine();
        }
        return false;
    }

    /** The compiled line; null when it declares only classes (said) or Ctrl-C came while it compiled (said). */
    private Script compile(String code) {
        int before = interrupts.get();
        Script script = groovy.parse(code); // the first compile takes a while: Ctrl-C may come meanwhile
        if (interrupts.get() != before) {
            out.println(style.yellow("✗ stopped by the operator (Ctrl-C) before it ran"));
            return null;
        }
        if (!(script instanceof ReplScript)) {
            out.println(style.dim("defined class " + groovy.lastClassName() + " (later lines can use it)"));
            return null;
        }
        return script;
    }

    private void show(Object value, RunSession session) {
        if (value == null) return;
        String text = InvokerHelper.toString(value);
        out.println(style.dim("=> ") + (session == null ? text : session.redact(text)));
    }

    /** Ctrl-C while a line runs with no run: interrupts it. */
    void interruptAlone() {
        groovy.interruptAlone();
    }
}
