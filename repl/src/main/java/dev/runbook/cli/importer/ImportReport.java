package dev.runbook.cli.importer;

import java.util.List;

/**
 * IMPORT.md: which runbook was made from which part of the page (page line → runbook file:line), and every point
 * that needs a person's judgement, with where it is in the runbook.
 */
final class ImportReport {
    private ImportReport() {}

    /** One runbook as written: its draft, its file names, and where its parts landed. */
    record Made(Draft draft, String file, String spec, RunbookWriter.Written written) {}

    static String write(String pageName, List<Made> made, List<String> leftOut) {
        StringBuilder s = new StringBuilder();
        s.append("# Imported from ").append(md(pageName)).append("\n\n");
        s.append("`runbook import` made ").append(made.size()).append(made.size() == 1 ? " runbook" : " runbooks")
                .append(" from this page, one per procedure (a heading whose section holds bash blocks), each with a first spec ")
                .append("that holds its plan to the page's order. Before a run: `runbook check .`, `runbook plan FILE`, ")
                .append("`runbook test .`, and decide each point under \"Needs your judgement\" (also a `// REVIEW (runbook import)` ")
                .append("comment in the runbook).\n\n");
        s.append("| runbook | from the page | params | steps | to review |\n|---|---|---|---|---|\n");
        for (Made m : made) {
            Procedure p = m.draft().source;
            long steps = m.draft().nodes.stream().filter(n -> n instanceof Draft.Step).count();
            String params = m.draft().params.isEmpty() ? "—" : String.join(", ", m.draft().params.keySet());
            s.append("| [").append(m.file()).append("](").append(m.file()).append(") | lines ").append(p.line()).append("–")
                    .append(p.endLine()).append(", \"").append(md(p.heading())).append("\" | ").append(params).append(" | ")
                    .append(steps).append(" | ").append(m.written().reviews().size()).append(" |\n");
        }
        s.append("\n## What was made from what\n");
        for (Made m : made) {
            s.append("\n### ").append(m.file()).append(" (spec: ").append(m.spec()).append(")\n\n");
            s.append("| page lines | made | runbook line |\n|---|---|---|\n");
            for (RunbookWriter.Mapping r : m.written().map()) {
                s.append("| ").append(r.from() == r.to() ? String.valueOf(r.from()) : r.from() + "–" + r.to()).append(" | ")
                        .append(md(r.what())).append(" | ").append(m.file()).append(':').append(r.fileLine()).append(" |\n");
            }
        }
        s.append("\n## Needs your judgement\n\n");
        int count = 0;
        for (Made m : made) {
            for (RunbookWriter.Review r : m.written().reviews()) {
                s.append("- ").append(m.file()).append(':').append(r.fileLine()).append(" (page line ").append(r.pageLine())
                        .append("): ").append(md(r.text())).append('\n');
                count++;
            }
        }
        if (count == 0) s.append("Nothing was inferred that needs a decision.\n");
        if (!leftOut.isEmpty()) {
            s.append("\n## Not imported\n\n");
            for (String l : leftOut) s.append("- lines ").append(md(l)).append('\n');
        }
        return s.toString();
    }

    /** Text inside a markdown table or list: a pipe would split the cell. */
    private static String md(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
