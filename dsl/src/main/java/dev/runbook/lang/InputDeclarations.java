package dev.runbook.lang;

import dev.runbook.diag.Problems;
import dev.runbook.model.Param;
import dev.runbook.model.SecretRef;
import dev.runbook.model.SourcePos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a run takes in, as {@code runbook { }} declares it: each {@code param} becomes a {@link Param} (name,
 * required, default, pattern, choices, checked against each other) and each {@code secret} a {@link SecretRef}.
 * Records only: values are read and validated when a run starts.
 */
final class InputDeclarations {
    private static final Set<String> PARAM_OPTIONS = DslVocabulary.options(DslVocabulary.Scope.RUNBOOK, "param");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final DslContext dsl;
    private final Problems problems;
    private final OptionChecks options;
    private final Map<String, Param> params = new LinkedHashMap<>();
    private final Map<String, SecretRef> secrets = new LinkedHashMap<>();

    InputDeclarations(DslContext dsl, OptionChecks options) {
        this.dsl = dsl;
        this.problems = dsl.problems();
        this.options = options;
    }

    /** {@code param 'name', required: true, default: 'x', pattern: ~/v\d+/, choices: [..], description: '...'} */
    void param(Map<String, Object> options, String name) {
        SourcePos pos = dsl.callerPos("param");
        this.options.unknownOptions(options, PARAM_OPTIONS, "param", pos);
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            problems.add(pos, "param name '" + name + "' is not a name", "use letters, digits and _, e.g. param 'version'");
            return;
        }
        if (params.containsKey(name)) {
            problems.add(pos, "param '" + name + "' is declared twice (first at line " + params.get(name).pos().line() + ")",
                    "keep one declaration");
            return;
        }
        boolean required = this.options.bool(options, "required", false, "param", pos);
        Object def = options.get("default");
        String defaultValue = def == null ? null : String.valueOf(def);
        Pattern pattern = null;
        Object p = options.get("pattern");
        if (p instanceof Pattern pp) pattern = pp;
        else if (p instanceof CharSequence cs) {
            try {
                pattern = Pattern.compile(cs.toString());
            } catch (java.util.regex.PatternSyntaxException e) {
                problems.add(pos, "pattern of param '" + name + "' is not a valid regular expression: " + e.getDescription(),
                        "write a pattern such as ~/v\\d+\\.\\d+\\.\\d+/");
            }
        } else if (p != null) {
            problems.add(pos, "pattern: of param '" + name + "' must be a regular expression", "write pattern: ~/v\\d+/");
        }
        List<String> choices = new ArrayList<>();
        Object ch = options.get("choices");
        if (ch instanceof Iterable<?> it) it.forEach(o -> choices.add(String.valueOf(o)));
        else if (ch != null) problems.add(pos, "choices: of param '" + name + "' must be a list", "write choices: ['blue', 'green']");
        if (required && defaultValue != null) {
            problems.add(pos, "param '" + name + "' is required and has a default", "drop required: true or the default");
        }
        if (defaultValue != null && pattern != null && !pattern.matcher(defaultValue).matches()) {
            problems.add(pos, "default '" + defaultValue + "' of param '" + name + "' does not match its pattern /" + pattern + "/",
                    "change the default or the pattern");
        }
        if (defaultValue != null && !choices.isEmpty() && !choices.contains(defaultValue)) {
            problems.add(pos, "default '" + defaultValue + "' of param '" + name + "' is not one of its choices " + choices,
                    "use one of " + choices);
        }
        Object desc = options.get("description");
        params.put(name, new Param(name, required, defaultValue, pattern, choices, desc == null ? "" : desc.toString(), pos));
    }

    /** {@code secret 'NAME'} or {@code secret 'NAME', required: false}. */
    void secret(Map<String, Object> options, String name) {
        SourcePos pos = dsl.callerPos("secret");
        this.options.unknownOptions(options, DslVocabulary.options(DslVocabulary.Scope.RUNBOOK, "secret"), "secret", pos);
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            problems.add(pos, "secret name '" + name + "' is not an environment variable name", "write secret 'SLACK_WEBHOOK'");
            return;
        }
        if (secrets.containsKey(name)) {
            problems.add(pos, "secret '" + name + "' is declared twice", "keep one declaration");
            return;
        }
        secrets.put(name, new SecretRef(name, this.options.bool(options, "required", true, "secret", pos), pos));
    }

    /** The names of the params declared so far, in order. */
    Set<String> paramNames() {
        return params.keySet();
    }

    List<Param> params() {
        return List.copyOf(params.values());
    }

    List<SecretRef> secrets() {
        return List.copyOf(secrets.values());
    }
}
