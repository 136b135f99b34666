package dev.runbook.lang;

import dev.runbook.diag.Problems;
import dev.runbook.diag.Suggestions;
import dev.runbook.model.LockKey;
import dev.runbook.model.SourcePos;
import groovy.lang.GString;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The targets a run holds for its whole length ({@code lock "db:${params.db}"}), recorded as {@link LockKey}s whose
 * {@code ${params.NAME}} parts are filled in at run start. Also owns what {@code params} reads as while the runbook
 * is defined ({@link ParamPlaceholders}): only a lock key may take one, and any other read is reported at the end.
 */
final class LockDeclarations {
    private final DslContext dsl;
    private final Problems problems;
    private final List<LockKey> locks = new ArrayList<>();
    private final List<ParamPlaceholders.Read> paramReads = ParamPlaceholders.newList();

    LockDeclarations(DslContext dsl) {
        this.dsl = dsl;
        this.problems = dsl.problems();
    }

    /** What {@code params} read at {@code pos} stands for while the runbook is defined; judged in {@link #check}. */
    ParamPlaceholders paramsReadAt(SourcePos pos) {
        return new ParamPlaceholders(pos, paramReads);
    }

    /** {@code lock 'key'} or {@code lock "db:${params.db}"}. */
    void lock(Object key) {
        SourcePos pos = dsl.callerPos("lock");
        if (key instanceof Absorbing) return;
        String template;
        if (key instanceof GString g) {
            StringBuilder sb = new StringBuilder();
            String[] strings = g.getStrings();
            Object[] values = g.getValues();
            for (int i = 0; i < strings.length; i++) {
                sb.append(strings[i]);
                if (i >= values.length) continue;
                if (values[i] instanceof ParamPlaceholders.Read r && r.name != null) r.used = true;
                if (values[i] instanceof Absorbing) return; // already reported
                sb.append(values[i]);
            }
            template = sb.toString();
        } else if (key instanceof String text) {
            template = text;
        } else {
            problems.add(pos, "lock needs a text key, not " + (key == null ? "null" : key.getClass().getSimpleName()),
                    "write " + RunbookSpec.USAGE.get("lock"));
            return;
        }
        if (template.isBlank()) {
            problems.add(pos, "lock needs a key that names the target", "write " + RunbookSpec.USAGE.get("lock"));
            return;
        }
        if (locks.stream().anyMatch(l -> l.template().equals(template))) {
            problems.add(pos, "lock '" + template + "' is declared twice", "keep one declaration");
            return;
        }
        locks.add(new LockKey(template, LockKey.paramsIn(template), pos));
    }

    /**
     * At the end of the body: each read of {@code params} that no lock took is a step-time name used too early, and
     * each param a lock key names must be declared.
     */
    void check(Set<String> declaredParams) {
        for (ParamPlaceholders.Read r : paramReads) {
            if (!r.used) {
                problems.add(r.pos, "'params' is only available while a step runs, not while the runbook is defined",
                        "use it inside step(...) { }, a when: { } condition or a handler");
            }
        }
        for (LockKey l : locks) {
            for (String p : l.params()) {
                if (!declaredParams.contains(p)) {
                    problems.add(l.pos(), "lock '" + l.template() + "' uses param '" + p + "', which is not declared",
                            Suggestions.didYouMean(p, declaredParams, "declare it: param '" + p + "', required: true"));
                }
            }
        }
    }

    List<LockKey> locks() {
        return locks;
    }
}
