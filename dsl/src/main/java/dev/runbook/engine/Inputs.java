package dev.runbook.engine;

import dev.runbook.diag.Problems;
import dev.runbook.diag.Suggestions;
import dev.runbook.model.Param;
import dev.runbook.model.Runbook;
import dev.runbook.model.SecretRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a run's params and secrets against the runbook before anything runs, reporting every problem at once.
 *
 * @param params  every declared param, in declaration order (null where optional and not given)
 * @param secrets every declared secret that is set, by name
 */
public record Inputs(Map<String, String> params, Map<String, String> secrets) {

    public static Inputs resolve(Runbook runbook, Map<String, String> given, Map<String, String> environment) {
        Problems problems = new Problems();
        List<String> declared = runbook.params().stream().map(Param::name).toList();
        for (String name : given.keySet()) {
            if (runbook.param(name).isEmpty()) {
                problems.add(null, "unknown param '" + name + "' given with -p " + name + "=...",
                        Suggestions.didYouMean(name, declared, declared.isEmpty() ? "this runbook declares no params"
                                : "its params are " + String.join(", ", declared)));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Param p : runbook.params()) {
            String v = given.containsKey(p.name()) ? given.get(p.name()) : p.defaultValue();
            if (v == null) {
                if (p.required()) {
                    problems.add(p.pos(), "param '" + p.name() + "' is required and was not given",
                            "pass -p " + p.name() + "=" + example(p));
                }
                values.put(p.name(), null);
                continue;
            }
            if (p.pattern() != null && !p.pattern().matcher(v).matches()) {
                problems.add(p.pos(), "param '" + p.name() + "' is '" + v + "', which does not match /" + p.pattern() + "/",
                        "pass a value like " + example(p));
            }
            if (!p.choices().isEmpty() && !p.choices().contains(v)) {
                problems.add(p.pos(), "param '" + p.name() + "' is '" + v + "', which is not one of " + p.choices(),
                        Suggestions.didYouMean(v, p.choices(), "pass one of " + String.join(", ", p.choices())));
            }
            values.put(p.name(), v);
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        for (SecretRef s : runbook.secrets()) {
            String v = environment.get(s.name());
            if (v == null || v.isEmpty()) {
                if (s.required()) {
                    problems.add(s.pos(), "secret '" + s.name() + "' is not set",
                            "export " + s.name() + " in the environment before the run (it is never printed)");
                }
                continue;
            }
            secrets.put(s.name(), v);
        }
        problems.throwIfAny();
        return new Inputs(values, secrets);
    }

    private static String example(Param p) {
        if (!p.choices().isEmpty()) return p.choices().get(0);
        if (p.pattern() != null) {
            String re = p.pattern().pattern();
            if (re.equals("v\\d+\\.\\d+\\.\\d+")) return "v1.2.3";
            if (re.equals("\\d+")) return "42";
        }
        return "VALUE";
    }
}
