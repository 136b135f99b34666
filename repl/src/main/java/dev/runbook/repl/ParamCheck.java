package dev.runbook.repl;

import dev.runbook.diag.Suggestions;
import dev.runbook.model.Param;
import dev.runbook.model.Runbook;

import java.util.Optional;

/** {@code set NAME VALUE} before the run opens: the same rules the run checks, for one param. */
final class ParamCheck {
    private ParamCheck() {}

    /** What is wrong with the value, or empty when it is fine. */
    static Optional<String> problem(Runbook runbook, String name, String value) {
        Optional<Param> declared = runbook.param(name);
        if (declared.isEmpty()) {
            var names = runbook.params().stream().map(Param::name).toList();
            return Optional.of("unknown param '" + name + "' — " + Suggestions.didYouMean(name, names,
                    names.isEmpty() ? "this runbook declares no params" : "its params are " + String.join(", ", names)));
        }
        Param p = declared.get();
        if (p.pattern() != null && !p.pattern().matcher(value).matches()) {
            return Optional.of("param '" + name + "' must match /" + p.pattern() + "/; '" + value + "' does not");
        }
        if (!p.choices().isEmpty() && !p.choices().contains(value)) {
            return Optional.of("param '" + name + "' is one of " + String.join(", ", p.choices()) + "; '" + value + "' is not");
        }
        return Optional.empty();
    }
}
