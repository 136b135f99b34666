package dev.runbook.lang;

import dev.runbook.diag.Problems;
import dev.runbook.model.Action;
import dev.runbook.model.Runbook;
import dev.runbook.model.Severity;
import dev.runbook.model.SourcePos;
import groovy.lang.Closure;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The runbook while {@code runbook(name) { }} is evaluated: its name and header (title, description, owner, tags,
 * severity), its run-wide handlers ({@code onFailure}, {@code always}) and the rooms that record the rest — inputs,
 * procedure, gates and approvals, locks. {@link #build} runs the checks that need the whole body and makes the
 * immutable {@link Runbook}. {@link RunbookSpec} is the language surface in front of it.
 */
final class RunbookDraft {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final DslContext dsl;
    private final Problems problems;
    private final String name;
    private String title = "";
    private String description = "";
    private String owner = "";
    private final List<String> tags = new ArrayList<>();
    private Severity severity = Severity.P2;
    private Action onFailure;
    private Action always;

    final OptionChecks options;
    final InputDeclarations inputs;
    final Procedure procedure;
    final GatesAndApprovals waits;
    final LockDeclarations locks;

    RunbookDraft(DslContext dsl, String name, SourcePos pos) {
        this.dsl = dsl;
        this.problems = dsl.problems();
        this.name = name;
        if (name == null || !SLUG.matcher(name).matches()) {
            problems.add(pos, "runbook name '" + name + "' is not a slug",
                    "use lower-case letters, digits and dashes, e.g. runbook('" + slugOf(name) + "')");
        }
        this.options = new OptionChecks(problems);
        this.inputs = new InputDeclarations(dsl, options);
        this.procedure = new Procedure(dsl, options);
        this.waits = new GatesAndApprovals(dsl, options, procedure);
        this.locks = new LockDeclarations(dsl);
    }

    // ---- header --------------------------------------------------------------------------------------------

    void title(String text) { this.title = text; }

    void description(String text) { this.description = text; }

    void owner(String who) { this.owner = who; }

    void tags(List<String> names) { tags.addAll(names); }

    void severity(Object level) {
        if (level instanceof Absorbing) return; // already reported
        Severity s = level instanceof Severity sv ? sv : Severity.parse(String.valueOf(level));
        if (s == null) {
            problems.add(dsl.callerPos("severity"), "severity '" + level + "' is not one of P0, P1, P2, P3",
                    "write severity P1");
        } else {
            severity = s;
        }
    }

    // ---- run-wide handlers ---------------------------------------------------------------------------------

    void onFailure(Closure<?> handler) {
        SourcePos pos = dsl.callerPos("onFailure");
        if (onFailure != null) {
            problems.add(pos, "the runbook has one onFailure handler; this is the second", "merge them into one block");
            return;
        }
        onFailure = new Action(handler, pos, dsl.commandsAt(pos, "onFailure"));
    }

    void always(Closure<?> handler) {
        SourcePos pos = dsl.callerPos("always");
        if (always != null) {
            problems.add(pos, "the runbook has one always handler; this is the second", "merge them into one block");
            return;
        }
        always = new Action(handler, pos, dsl.commandsAt(pos, "always"));
    }

    // ---- result --------------------------------------------------------------------------------------------

    /** After the body: what only the whole body can tell (params read too early, lock params, gate health), then the model. */
    Runbook build() {
        locks.check(inputs.paramNames());
        waits.check();
        return new Runbook(name, title, description, tags, owner, severity, inputs.params(), inputs.secrets(),
                procedure.nodes(), waits.health(), onFailure, always, dsl.displayPath(), dsl.contentHash(), dsl.index(),
                locks.locks());
    }

    private static String slugOf(String text) {
        if (text == null) return "my-runbook";
        String s = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "my-runbook" : s;
    }
}
