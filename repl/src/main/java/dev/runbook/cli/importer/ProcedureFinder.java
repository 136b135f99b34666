package dev.runbook.cli.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which sections of a page are procedures. A section holding bash blocks is one — with its sub-sections as its
 * steps — except where its sub-sections are alternatives ("Option 1 …", "Option 2 …"; "Scenario 1 …") or it is the
 * page's title over several procedures: then each sub-section is looked at on its own. Running "Option 1" and then
 * "Option 2" is never what a page means, while "1.1 Check", "1.2 Restart" are steps of one procedure.
 */
final class ProcedureFinder {
    private ProcedureFinder() {}

    /** Titles that offer a choice between sub-sections, after any numbering. */
    private static final Pattern ALTERNATIVE = Pattern.compile(
            "(?i)^(option|scenario|method|approach|alternative|plan|issue|case|path|strategy)\\b.*");

    private static final Pattern STEP = Pattern.compile("(?i)^step\\s*\\d+\\b.*");

    /** A heading and what is under it until the next heading of its level or above. */
    private static final class Section {
        final PageElement.Heading heading; // null for the page itself
        final List<PageElement> own = new ArrayList<>();
        final List<Section> children = new ArrayList<>();
        int endLine;

        Section(PageElement.Heading heading) {
            this.heading = heading;
        }

        int level() {
            return heading == null ? 0 : heading.level();
        }

        boolean hasBash() {
            return own.stream().anyMatch(e -> e instanceof PageElement.Bash) || children.stream().anyMatch(Section::hasBash);
        }

        List<PageElement> all() {
            List<PageElement> all = new ArrayList<>();
            if (heading != null) all.add(heading);
            all.addAll(own);
            children.forEach(c -> all.addAll(c.all()));
            return all;
        }
    }

    /** What was found: the procedures in page order, and the sections left out with why. */
    record Found(List<Procedure> procedures, List<String> leftOut) {}

    static Found find(List<PageElement> elements, int lastLine, String pageName) {
        Section root = tree(elements, lastLine);
        List<Procedure> procedures = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        visit(root, root, List.of(), procedures, leftOut, pageName);
        return new Found(procedures, leftOut);
    }

    private static Section tree(List<PageElement> elements, int lastLine) {
        Section root = new Section(null);
        List<Section> stack = new ArrayList<>(List.of(root));
        for (PageElement e : elements) {
            if (e instanceof PageElement.Heading h) {
                while (stack.size() > 1 && stack.getLast().level() >= h.level()) stack.removeLast().endLine = h.line() - 1;
                Section s = new Section(h);
                stack.getLast().children.add(s);
                stack.add(s);
            } else {
                stack.getLast().own.add(e);
            }
        }
        stack.forEach(s -> s.endLine = lastLine);
        return root;
    }

    /**
     * @param inherited prose of the enclosing sections that are no procedure: what the page says for all of them
     */
    private static void visit(Section s, Section root, List<PageElement.Prose> inherited, List<Procedure> out,
                              List<String> leftOut, String pageName) {
        List<Section> withBash = s.children.stream().filter(Section::hasBash).toList();
        boolean container = s == root || (withBash.size() >= 2 && !steps(withBash) && (isTitle(s, root) || alternatives(withBash)));
        if (!container) {
            if (s.hasBash()) {
                out.add(new Procedure(s.heading.text(), s.heading.line(), s.endLine, s.all(), inherited));
            }
            return;
        }
        boolean ownBash = s.own.stream().anyMatch(e -> e instanceof PageElement.Bash);
        if (ownBash) {
            // bash blocks above the first sub-section: a procedure of their own, named after the section (or page)
            String name = s.heading == null ? pageName : s.heading.text();
            int line = s.heading == null ? 1 : s.heading.line();
            List<PageElement> own = new ArrayList<>();
            if (s.heading != null) own.add(s.heading);
            own.addAll(s.own);
            int end = s.children.isEmpty() ? s.endLine : s.children.getFirst().heading.line() - 1;
            out.add(new Procedure(name, line, end, own, inherited));
        }
        // what this container and its sections without bash say applies to every procedure below it
        List<PageElement.Prose> scope = new ArrayList<>(inherited);
        if (!ownBash) s.own.stream().filter(e -> e instanceof PageElement.Prose).map(e -> (PageElement.Prose) e).forEach(scope::add);
        for (Section c : s.children) {
            if (!c.hasBash()) {
                c.all().stream().filter(e -> e instanceof PageElement.Prose).map(e -> (PageElement.Prose) e).forEach(scope::add);
            }
        }
        for (Section c : s.children) {
            if (c.hasBash()) {
                visit(c, root, List.copyOf(scope), out, leftOut, pageName);
            } else if (c.all().stream().anyMatch(e -> e instanceof PageElement.Check)) {
                leftOut.add(c.heading.line() + "–" + c.endLine + " \"" + c.heading.text()
                        + "\": a checklist outside any procedure (no bash block there); not imported");
            }
        }
    }

    /** The page's title: the first heading, alone at its level, over the whole page. */
    private static boolean isTitle(Section s, Section root) {
        return root.children.size() == 1 && root.children.getFirst() == s;
    }

    /** "Step 1: Stop", "Step 2: Restore": the steps of one procedure, even under the page's title. */
    private static boolean steps(List<Section> sections) {
        return sections.stream().allMatch(c -> STEP.matcher(c.heading.text().strip()).matches());
    }

    private static boolean alternatives(List<Section> sections) {
        return sections.stream().allMatch(c -> ALTERNATIVE.matcher(Names.unnumbered(c.heading.text())).matches());
    }
}
