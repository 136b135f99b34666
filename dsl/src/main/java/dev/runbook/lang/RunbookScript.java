package dev.runbook.lang;

import dev.runbook.diag.Suggestions;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;

import java.util.List;

/** The base class of every runbook file: it offers {@code runbook(name) { ... }} and nothing that acts. */
public abstract class RunbookScript extends Script implements DslScript {
    private DslContext dsl;

    /** Set by the compiler before the file is evaluated. */
    @Override
    public void attach(DslContext context) {
        this.dsl = context;
    }

    public DslContext dsl() {
        return dsl;
    }

    /**
     * Defines the runbook of this file.
     *
     * @param name a slug such as {@code stateflow-app-rollback}: it names runs and reports
     * @param body the definition: metadata, params, secrets, steps, handlers. It only records; nothing runs.
     */
    public void runbook(String name,
                        @DelegatesTo(value = RunbookSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
        dsl.define(name, body, this);
    }

    /** Anything else at the top of the file is a mistake: usually an element written outside runbook { }. */
    public Object methodMissing(String name, Object args) {
        if (dsl == null) throw new groovy.lang.MissingMethodException(name, getClass(), (Object[]) args);
        if (dsl.defining() != null) {
            // inside runbook { }, a name that the closure itself has (notify, wait, equals: methods of every Object)
            // falls through to the script; it belongs to the runbook being defined
            return org.codehaus.groovy.runtime.InvokerHelper.invokeMethod(dsl.defining(), name, args);
        }
        if (name.equals("runbook")) {
            dsl.problems().add(dsl.callerPos(name), "runbook needs a name and a body",
                    "write runbook('my-runbook') { step('First') { sh 'echo hello' } }");
        } else if (RunbookSpec.ELEMENTS.contains(name)) {
            dsl.problems().add(dsl.callerPos(name), "'" + name + "' must be inside runbook('name') { ... }",
                    "move it into the runbook block");
        } else {
            dsl.problems().add(dsl.callerPos(name), "unknown element '" + name + "'",
                    Suggestions.didYouMean(name, List.of("runbook"), "a runbook file starts with runbook('name') { ... }"));
        }
        return Absorbing.INSTANCE;
    }

    /** Inside a step, the step's output (StepPrinting); while the runbook is defined, standard output. */
    @Override
    public void println(Object value) {
        var step = StepPrinting.current();
        if (step != null) step.accept(String.valueOf(value));
        else super.println(value);
    }

    @Override
    public void println() {
        var step = StepPrinting.current();
        if (step != null) step.accept("");
        else super.println();
    }

    @Override
    public void print(Object value) {
        var step = StepPrinting.current();
        if (step != null) step.accept(String.valueOf(value));
        else super.print(value);
    }

    @Override
    public void printf(String format, Object value) {
        printf(format, new Object[]{value});
    }

    @Override
    public void printf(String format, Object[] values) {
        var step = StepPrinting.current();
        if (step != null) step.accept(String.format(format, values));
        else super.printf(format, values);
    }
}
