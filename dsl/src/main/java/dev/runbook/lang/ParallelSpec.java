package dev.runbook.lang;

import dev.runbook.diag.Suggestions;
import dev.runbook.model.SourcePos;
import dev.runbook.model.Step;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.GroovyObjectSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code parallel { }}: records the steps that run at once. Only steps belong here: a gate, prompt or
 * approval waits for the whole run, so it goes before or after the block. Records only: no I/O.
 */
public class ParallelSpec extends GroovyObjectSupport {
    private final Procedure procedure;
    private final RunbookSpec runbook;
    private final DslContext dsl;
    private final List<Step> steps = new ArrayList<>();
    private boolean problems;

    /** @param runbook resolves the names read inside the block, as in the runbook's body */
    ParallelSpec(Procedure procedure, RunbookSpec runbook, DslContext dsl) {
        this.procedure = procedure;
        this.runbook = runbook;
        this.dsl = dsl;
    }

    /** A step that runs at the same time as the others of the block. */
    public void step(String name, @DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        step(Map.of(), name, body);
    }

    /** @param options the options of any step: {@code timeout:}, {@code retry:}, {@code continueOnFailure:}, ... */
    public void step(Map<String, Object> options, String name,
                     @DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        int before = dsl.problems().size();
        Step s = procedure.buildStep(options, name, body);
        if (dsl.problems().size() > before) problems = true;
        if (s != null) steps.add(s);
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    boolean hadProblems() {
        return problems;
    }

    /** Anything but a step: say where it goes instead. */
    public Object methodMissing(String name, Object args) {
        problems = true;
        SourcePos pos = dsl.callerPos(name);
        if (RunbookSpec.ELEMENTS.contains(name)) {
            dsl.problems().add(pos, "'" + name + "' cannot go inside parallel { }: only steps run at once",
                    "put it before or after the parallel block");
        } else if (RunbookSpec.STEP_ONLY.contains(name)) {
            dsl.problems().add(pos, "'" + name + "' acts on the world and belongs inside a step",
                    "write parallel { step('What this does') { " + name + " ... } }");
        } else {
            dsl.problems().add(pos, "unknown element '" + name + "' inside parallel { }",
                    Suggestions.didYouMean(name, List.of("step"), "only steps go inside parallel { }"));
        }
        return Absorbing.INSTANCE;
    }

    /** Names resolve as they do in the runbook's body (script variables, severities), never to this builder's fields. */
    @Override
    public Object getProperty(String name) {
        if (name.equals("metaClass")) return super.getProperty(name);
        return runbook.getProperty(name);
    }
}
