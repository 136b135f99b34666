package dev.runbook.cli.importer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A procedure of the page as a runbook draft, in the page's order: bash blocks as steps ({@link BlockTranslator}),
 * checklist items and numbered steps without a command as {@code manual} items, and prose that asks for an
 * approval as {@code requireApproval}. What the page says for all its procedures (a section "Rollback Authority")
 * comes first.
 */
final class ProcedureTranslator {
    private ProcedureTranslator() {}

    static Draft translate(Procedure p, String name) {
        Draft d = new Draft(name, p);
        d.title = p.heading();
        d.description = description(p);
        BlockTranslator blocks = new BlockTranslator(d);
        pageWide(p, d);
        String heading = p.heading();
        List<String> conditional = new ArrayList<>();
        List<PageElement.Prose> asking = new ArrayList<>();
        PageElement before = null;
        for (PageElement e : p.elements()) {
            if (!(e instanceof PageElement.Prose)) flushApproval(asking, d, "");
            switch (e) {
                case PageElement.Heading h -> {
                    heading = h.text();
                    conditional.clear();
                    if (h.line() != p.line() && Cautions.conditional(Names.unnumbered(h.text()))) {
                        conditional.add(Draft.REVIEW + "the page does this only \"" + Names.unnumbered(h.text())
                                + "\"; the runbook always does: add a when: condition, or take it out");
                    }
                }
                case PageElement.Prose pr -> {
                    if (ApprovalProse.of(pr.text()) != null) asking.add(pr);
                    else flushApproval(asking, d, "");
                }
                case PageElement.Check c -> d.nodes.add(new Draft.Manual(c.text(), c.line(), List.of("page line " + c.line() + ": a checklist item")));
                case PageElement.Numbered n -> d.nodes.add(new Draft.Manual(n.text(), n.line(),
                        List.of("page line " + n.line() + ": a numbered step without a command, beside steps with commands — done by hand")));
                case PageElement.Bash b -> {
                    List<String> leading = new ArrayList<>(conditional);
                    String itemName = b.item() == null ? heading : b.item();
                    if (b.item() != null && Cautions.conditional(b.item())) {
                        leading.add(Draft.REVIEW + "the page does this only \"" + b.item() + "\"; the runbook always does: add a when: condition, or take it out");
                    }
                    conditional.clear();
                    blocks.add(b, itemName, intro(before), leading);
                }
                case PageElement.OtherBlock o -> { }
            }
            before = e;
        }
        flushApproval(asking, d, "");
        return d;
    }

    /** The sentence that leads into a block ("Make it executable:"), when the block follows it directly. */
    private static String intro(PageElement before) {
        return before instanceof PageElement.Prose pr && pr.text().endsWith(":") && pr.text().length() <= 80 ? pr.text() : null;
    }

    /** The approval the sections around the procedure ask of every procedure of the page, before its first step. */
    private static void pageWide(Procedure p, Draft d) {
        flushApproval(new ArrayList<>(p.inherited().stream().filter(x -> ApprovalProse.of(x.text()) != null).toList()), d,
                " (said for the whole page)");
    }

    /** Lines asking for approvals next to each other are one rule ("P1: team lead", "P2+: manager"): one approval. */
    private static void flushApproval(List<PageElement.Prose> asking, Draft d, String scope) {
        if (asking.isEmpty()) return;
        ApprovalProse.Need need = null;
        List<String> quotes = new ArrayList<>();
        for (PageElement.Prose pr : asking) {
            ApprovalProse.Need n = ApprovalProse.of(pr.text());
            need = need == null ? n : need.merge(n);
            quotes.add("page line " + pr.line() + ": \"" + pr.text() + "\"");
        }
        int line = asking.getFirst().line();
        asking.clear();
        for (Draft.Node n : d.nodes) {
            if (n instanceof Draft.Approval a && a.level() == (need.level() >= 0 ? need.level() : -1)
                    && (need.level() >= 0 || a.roles().equals(need.roles()))) {
                a.comments().add("asked again by the page at line " + line + ": the same approval, not asked twice");
                return;
            }
        }
        List<String> comments = new ArrayList<>(quotes);
        String who;
        if (need.level() >= 0) {
            who = "the team file's policy at the run's severity, P" + need.level() + " or more urgent"
                    + (need.roles().isEmpty() ? "" : " (the page names: " + String.join(", ", need.roles()) + ")");
        } else {
            who = "one " + String.join(" and one ", need.roles()) + " (roles as in runbook.team.groovy)";
        }
        comments.add(Draft.REVIEW + "an approval read from prose" + scope + ": " + who);
        String reason = BlockTranslator.abbreviate(String.join("; ", quotes.stream().map(q -> ApprovalProse.sentence(strip(q))).toList()), 160);
        d.nodes.add(new Draft.Approval(need.level(), need.level() >= 0 ? List.of() : need.roles(), reason, line, comments));
    }

    private static String strip(String quote) {
        return quote.replaceFirst("^page line \\d+: \"", "").replaceFirst("\"$", "");
    }

    /** The paragraph right under the heading ("Use when: …"), joined into one line. */
    private static String description(Procedure p) {
        List<PageElement> e = p.elements();
        int i = !e.isEmpty() && e.getFirst() instanceof PageElement.Heading ? 1 : 0;
        if (i >= e.size() || !(e.get(i) instanceof PageElement.Prose first) || first.inList()) return "";
        List<String> parts = new ArrayList<>();
        for (; i < e.size() && e.get(i) instanceof PageElement.Prose pr && pr.paragraph() == first.paragraph(); i++) parts.add(pr.text());
        return BlockTranslator.abbreviate(String.join(" · ", parts), 200);
    }

    /** Names of the runbooks, in page order: from the headings, unique. */
    static List<String> names(List<Procedure> procedures) {
        Set<String> taken = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (Procedure p : procedures) {
            String n = Names.unique(Names.slug(p.heading()), taken, "-");
            taken.add(n);
            names.add(n);
        }
        return names;
    }
}
