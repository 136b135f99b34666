package dev.runbook.cli.importer;

import dev.runbook.lang.GroovyText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A first spec for an imported runbook, with two features: its plan lists the page's steps, manual items,
 * approvals, gates and commands in the page's order; and, run against fakes where every command succeeds, it runs
 * exactly the page's commands in that order. Either fails when someone reorders or drops a command of the page;
 * both are where a team starts adding its own features (a failing command, its handler).
 */
final class SpecWriter {
    private SpecWriter() {}

    static String write(Draft d, String file, String specClass, String pageName) {
        List<String> planned = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        Set<String> roles = new LinkedHashSet<>(List.of("lead", "manager"));
        for (Draft.Node n : d.nodes) {
            switch (n) {
                case Draft.Step st -> {
                    planned.add(st.name());
                    for (Draft.Item i : st.body()) {
                        if (i instanceof Draft.Sh sh) {
                            planned.add(planText(sh));
                            commands.add(sh.command());
                        }
                    }
                }
                case Draft.Manual m -> planned.add("manual " + m.text());
                case Draft.Approval a -> {
                    planned.add(a.reason());
                    roles.addAll(a.roles());
                }
                case Draft.HealthGate g -> planned.add("gate health");
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("import dev.runbook.testing.RunbookSpecification\n\n");
        s.append("/**\n * Written by `runbook import` from ").append(doc(pageName)).append(", lines ").append(d.source.line()).append("–")
                .append(d.source.endLine()).append(": ").append(doc(file)).append(" keeps the page's order.\n")
                .append(" * Add features as you review it (a command that fails: shell.on(...) { exit 1 }), and run them: `runbook test .`.\n */\n");
        s.append("class ").append(specClass).append(" extends RunbookSpecification {\n");
        s.append("    def \"the plan lists the page's steps and commands in the page's order\"() {\n");
        s.append("        given:\n");
        s.append("        load ").append(GroovyText.literal(file)).append("\n\n");
        s.append("        expect:\n");
        s.append("        notInOrder(plan(), ").append(list(planned, "        ")).append(") == []\n");
        s.append("    }\n\n");
        s.append("    def \"when every command succeeds, it runs the page's commands in the page's order\"() {\n");
        s.append("        given:\n");
        s.append("        load ").append(GroovyText.literal(file)).append('\n');
        s.append("        shell.on(~/(?s).*/)  // every command succeeds, printing nothing\n");
        for (String url : d.healthUrls) s.append("        http.get(").append(GroovyText.literal(url)).append(") >> [status: 200]\n");
        for (String role : roles) {
            s.append("        approver ").append(GroovyText.literal("a-" + role)).append(", role: ").append(GroovyText.literal(role)).append('\n');
        }
        s.append("        operatorAnswers manual: true\n");
        for (String secret : d.secrets.keySet()) {
            s.append("        env.").append(secret).append(" = ").append(GroovyText.literal("test-" + secret.toLowerCase(java.util.Locale.ROOT))).append('\n');
        }
        s.append("\n        when:\n");
        String params = d.params.values().stream().filter(p -> p.value() == null)
                .map(p -> p.name() + ": " + GroovyText.literal("test-" + p.name().toLowerCase(java.util.Locale.ROOT)))
                .collect(Collectors.joining(", "));
        s.append("        def result = run(").append(params).append(")\n\n");
        s.append("        then:\n");
        s.append("        result.succeeded\n");
        s.append("        result.calls.findAll { it.kind == 'sh' }*.text == ").append(list(commands, "        ")).append('\n');
        s.append("    }\n\n");
        s.append("    /** What the plan lacks of {@code expected}, or has out of order (spaces and line breaks aside); [] when none. */\n");
        s.append("    private static List<String> notInOrder(String plan, List<String> expected) {\n");
        s.append("        String text = plan.replaceAll(/\\s+/, ' ')\n");
        s.append("        int at = 0\n");
        s.append("        expected.findAll { String e ->\n");
        s.append("            String want = e.replaceAll(/\\s+/, ' ')\n");
        s.append("            int i = text.indexOf(want, at)\n");
        s.append("            if (i < 0) return true\n");
        s.append("            at = i + want.length()\n");
        s.append("            false\n");
        s.append("        }\n");
        s.append("    }\n");
        s.append("}\n");
        return s.toString();
    }

    /** A Groovy list of string literals, one per line. */
    private static String list(List<String> items, String indent) {
        if (items.isEmpty()) return "[]";
        return "[\n" + items.stream().map(i -> indent + "        " + GroovyText.literal(i)).collect(Collectors.joining(",\n"))
                + "\n" + indent + "]";
    }

    /**
     * The command as the plan shows it: the {@code sh} call's source text, its lines joined by spaces. A script's
     * first line stands for it (the second feature holds all of it to the page).
     */
    private static String planText(Draft.Sh sh) {
        List<String> lines = ("sh " + GroovyText.literal(sh.command())).lines().map(String::strip).toList();
        return String.join(" ", lines.size() > 4 ? lines.subList(0, 2) : lines);
    }

    /** Text for a Groovydoc comment: nothing in it may end the comment or be read as a unicode escape. */
    private static String doc(String text) {
        return GroovyText.comment(text).replace("*/", "*\\/");
    }
}
