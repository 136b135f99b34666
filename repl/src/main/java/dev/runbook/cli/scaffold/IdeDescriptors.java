package dev.runbook.cli.scaffold;

import dev.runbook.lang.DslVocabulary;
import dev.runbook.lang.DslVocabulary.Arg;
import dev.runbook.lang.DslVocabulary.Scope;
import dev.runbook.lang.DslVocabulary.Word;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The IDE descriptors written by {@code runbook init}: IntelliJ's GDSL and Eclipse's DSLD, both rendered from
 * {@link DslVocabulary}, the table the DSL's builders and the spec harness take their words and options from. They matter where {@code @DelegatesTo} cannot help: a runbooks repository has no build
 * file, so the IDE does not know the runbook jar's classes; the descriptors name every word with its arguments
 * and a line of help, and tell which words belong in which block (the file, {@code runbook { }}, a step, the team
 * file, a spec).
 */
public final class IdeDescriptors {
    private IdeDescriptors() {}

    /** Which files are which, by path: specs end in Spec.groovy; the team file has its fixed names. */
    static final String SPEC_FILES = ".*Spec\\.groovy";
    static final String TEAM_FILES = ".*(/runbook\\.team\\.groovy|/\\.runbook/team\\.groovy)";
    static final String RUNBOOK_FILES = "(?!.*(Spec\\.groovy|/runbook\\.team\\.groovy|/\\.runbook/team\\.groovy)$).*\\.groovy";

    /** {@code runbook.gdsl}: IntelliJ IDEA reads it from a sources root. */
    public static String gdsl() {
        StringBuilder s = new StringBuilder();
        s.append("""
                // runbook.gdsl: completion and quick help for runbooks, the team file and runbook specs in IntelliJ IDEA.
                // Written by `runbook init`; IntelliJ reads it when its folder is a sources root (Mark Directory as).
                // The words and where they belong: docs/dsl.md of the runbook distribution.

                def runbookFile = context(pathRegexp: '%s', scope: scriptScope())
                def inRunbookFile = context(pathRegexp: '%s', scope: closureScope())
                def teamFile = context(pathRegexp: '%s', scope: scriptScope())
                def inTeamFile = context(pathRegexp: '%s', scope: closureScope())
                def specFile = context(pathRegexp: '%s')
                def inSpecFile = context(pathRegexp: '%s', scope: closureScope())

                // closures of these calls are step scope: they run while the runbook runs
                def stepScopeCalls = [%s]

                """.formatted(gdslString(RUNBOOK_FILES), gdslString(RUNBOOK_FILES), gdslString(TEAM_FILES), gdslString(TEAM_FILES),
                gdslString(SPEC_FILES), gdslString(SPEC_FILES), quoted(DslVocabulary.STEP_SCOPE_CALLS)));
        s.append("contributor(runbookFile) {\n").append(gdslWords(Scope.RUNBOOK_FILE, "    ")).append("}\n\n");
        s.append("contributor(inRunbookFile) {\n");
        s.append("    if (!enclosingCall('runbook')) return\n");
        s.append("    if (stepScopeCalls.any { enclosingCall(it) }) {\n");
        s.append(gdslWords(Scope.STEP, "        "));
        s.append("    } else {\n");
        s.append(gdslWords(Scope.RUNBOOK, "        "));
        s.append("    }\n}\n\n");
        s.append("contributor(teamFile) {\n").append(gdslWords(Scope.TEAM_FILE, "    ")).append("}\n\n");
        s.append("contributor(inTeamFile) {\n    if (!enclosingCall('team')) return\n").append(gdslWords(Scope.TEAM, "    ")).append("}\n\n");
        s.append("contributor(specFile) {\n").append(gdslWords(Scope.SPEC, "    ")).append("}\n\n");
        s.append("contributor(inSpecFile) {\n    if (!enclosingCall('on')) return\n").append(gdslWords(Scope.SHELL_ANSWER, "    ")).append("}\n\n");
        s.append("// durations on any number: 2.minutes, 30.seconds, 1.percent\n");
        s.append("contributor(context(ctype: 'java.lang.Number')) {\n").append(gdslWords(Scope.NUMBER, "    ")).append("}\n");
        return s.toString();
    }

    /** {@code runbook.dsld}: Eclipse (Groovy Development Tools) reads it from a source folder. */
    public static String dsld() {
        StringBuilder s = new StringBuilder();
        s.append("""
                // runbook.dsld: completion and quick help for runbooks, the team file and runbook specs in Eclipse
                // (Groovy Development Tools). Written by `runbook init`; Eclipse reads it from a source folder.
                // The words and where they belong: docs/dsl.md of the runbook distribution.

                def inRunbook = isScript() & fileExtension('groovy') & isThisType() & enclosingCallName('runbook')
                def inStep = inRunbook & (%s)
                def inTeam = fileName('runbook.team.groovy') & isThisType()
                def inSpec = enclosingClass(subType('dev.runbook.testing.RunbookSpecification')) & isThisType()

                """.formatted(DslVocabulary.STEP_SCOPE_CALLS.stream().map(c -> "enclosingCallName('" + c + "')").collect(Collectors.joining(" | "))));
        s.append("contribute(isScript() & fileExtension('groovy') & isThisType()) {\n").append(dsldWords(Scope.RUNBOOK_FILE)).append("}\n\n");
        s.append("contribute(inRunbook) {\n").append(dsldWords(Scope.RUNBOOK)).append("}\n\n");
        s.append("contribute(inStep) {\n").append(dsldWords(Scope.STEP)).append("}\n\n");
        s.append("contribute(inTeam) {\n").append(dsldWords(Scope.TEAM_FILE)).append("}\n\n");
        s.append("contribute(inTeam & enclosingCallName('team')) {\n").append(dsldWords(Scope.TEAM)).append("}\n\n");
        s.append("contribute(inSpec) {\n").append(dsldWords(Scope.SPEC)).append("}\n\n");
        s.append("contribute(inSpec & enclosingCallName('on')) {\n").append(dsldWords(Scope.SHELL_ANSWER)).append("}\n\n");
        s.append("// durations on any number: 2.minutes, 30.seconds, 1.percent\n");
        s.append("contribute(currentType(subType('java.lang.Number'))) {\n").append(dsldWords(Scope.NUMBER)).append("}\n");
        return s.toString();
    }

    private static String gdslWords(Scope scope, String indent) {
        StringBuilder s = new StringBuilder();
        for (Word w : DslVocabulary.in(scope)) {
            s.append(indent);
            if (w.property()) {
                s.append("property name: ").append(q(w.name())).append(", type: ").append(q(w.type())).append(", doc: ").append(q(w.doc()));
            } else {
                s.append("method name: ").append(q(w.name())).append(", type: ").append(q(w.type()));
                s.append(", params: ").append(params(w.params()));
                if (!w.named().isEmpty()) {
                    s.append(", namedParams: [")
                            .append(w.named().stream().map(a -> "parameter(name: " + q(a.name()) + ", type: " + q(a.type()) + ", doc: " + q(a.doc()) + ")")
                                    .collect(Collectors.joining(", ")))
                            .append("]");
                }
                s.append(", doc: ").append(q(w.doc()));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String dsldWords(Scope scope) {
        StringBuilder s = new StringBuilder();
        for (Word w : DslVocabulary.in(scope)) {
            s.append("    ");
            if (w.property()) {
                s.append("property name: ").append(q(w.name())).append(", type: ").append(q(w.type())).append(", doc: ").append(q(w.doc()));
            } else {
                s.append("method name: ").append(q(w.name())).append(", type: ").append(q(w.type()));
                s.append(", params: ").append(params(w.params()));
                if (!w.named().isEmpty()) s.append(", namedParams: ").append(params(w.named()));
                s.append(", doc: ").append(q(w.doc()));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** {@code [name: 'type', ...]}, the form both formats take for parameters. */
    private static String params(List<Arg> args) {
        if (args.isEmpty()) return "[:]";
        return args.stream().map(a -> a.name() + ": " + q(a.type())).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quoted(List<String> names) {
        return names.stream().map(IdeDescriptors::q).collect(Collectors.joining(", "));
    }

    /** A single-quoted Groovy string literal. */
    static String q(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String gdslString(String regex) {
        return regex.replace("\\", "\\\\").replace("'", "\\'");
    }
}
