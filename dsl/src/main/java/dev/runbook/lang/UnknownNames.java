package dev.runbook.lang;

import dev.runbook.diag.Problems;
import dev.runbook.diag.Suggestions;
import dev.runbook.model.SourcePos;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.util.Arrays;

/**
 * What a name inside {@code runbook { }} means when it is none of the language's words: a helper method or a
 * variable of the file itself, {@code params} (a placeholder for lock keys), or a mistake — reported with what to
 * write instead (the element's usage, "belongs inside a step", or the closest element). Evaluation goes on with
 * {@link Absorbing}, so the author sees every other problem too.
 */
final class UnknownNames {
    private final DslContext dsl;
    private final Problems problems;
    private final RunbookScript script;
    private final LockDeclarations locks;

    UnknownNames(DslContext dsl, RunbookScript script, LockDeclarations locks) {
        this.dsl = dsl;
        this.problems = dsl.problems();
        this.script = script;
        this.locks = locks;
    }

    /** A method call no element takes: the file's own helper, or a mistake. */
    Object method(String name, Object args) {
        // only methods the file itself declares (not those every Script or Object has: run, notify, evaluate),
        // matched by arguments too
        boolean helper = script.getMetaClass().respondsTo(script, name, (Object[]) args).stream()
                .anyMatch(m -> m.getDeclaringClass().getTheClass() == script.getClass());
        if (helper && !name.equals("run")) {
            return InvokerHelper.invokeMethod(script, name, args);
        }
        SourcePos pos = dsl.callerPos(name);
        if (RunbookSpec.USAGE.containsKey(name)) {
            // a known element whose arguments do not fit; when one of them was already reported, say nothing more
            if (args instanceof Object[] a && Arrays.stream(a).anyMatch(x -> x instanceof Absorbing)) return Absorbing.INSTANCE;
            problems.add(pos, "'" + name + "' is not written like this", "write " + RunbookSpec.USAGE.get(name));
        } else if (RunbookSpec.STEP_ONLY.contains(name)) {
            problems.add(pos, "'" + name + "' acts on the world and belongs inside a step",
                    "write step('What this does') { " + name + " ... }");
        } else {
            problems.add(pos, "unknown element '" + name + "'",
                    Suggestions.didYouMean(name, RunbookSpec.ELEMENTS, "the elements are " + String.join(", ", RunbookSpec.ELEMENTS)));
        }
        return Absorbing.INSTANCE;
    }

    /** A name read that is not a severity or {@code health}: a script variable, {@code params}, or a mistake. */
    Object property(String name) {
        if (script.getBinding().hasVariable(name)) return script.getBinding().getVariable(name);
        SourcePos pos = dsl.callerPos(name);
        if (name.equals("params")) return locks.paramsReadAt(pos); // judged at the end
        if (name.matches("[pP]\\d+")) {
            problems.add(pos, "severity '" + name + "' is not one of P0, P1, P2, P3", "write P0 (worst) to P3");
        } else if (RunbookSpec.USAGE.containsKey(name)) {
            problems.add(pos, "'" + name + "' is an element of the runbook, not a value", "write " + RunbookSpec.USAGE.get(name));
        } else if (RunbookSpec.STEP_ONLY.contains(name)) {
            problems.add(pos, "'" + name + "' is only available while a step runs, not while the runbook is defined",
                    "use it inside step(...) { }, a when: { } condition or a handler");
        } else {
            problems.add(pos, "unknown name '" + name + "'",
                    Suggestions.didYouMean(name, RunbookSpec.ELEMENTS, "declare it as a variable before runbook(...) or use a param"));
        }
        return Absorbing.INSTANCE;
    }
}
