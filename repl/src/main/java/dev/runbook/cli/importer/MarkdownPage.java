package dev.runbook.cli.importer;

import org.commonmark.node.Block;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A markdown page as the importer's elements, in order, with exact line numbers: CommonMark's parser (lists,
 * nested fences and all) with the source position of every block.
 */
final class MarkdownPage {
    static final Set<String> SHELLS = Set.of("bash", "sh", "shell", "zsh");
    private static final Pattern TASK = Pattern.compile("^\\s*\\[[ xX]\\]\\s*");
    private static final Pattern ASCII_WORD = Pattern.compile("[A-Za-z0-9]");

    private final String[] lines;
    private final List<PageElement> out = new ArrayList<>();
    private int paragraphs;

    private MarkdownPage(String text) {
        this.lines = text.split("\n", -1);
    }

    static List<PageElement> read(String text) {
        MarkdownPage page = new MarkdownPage(text);
        Node doc = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build().parse(text);
        page.children(doc, null, false, "");
        return page.out;
    }

    /** @param prefix the title of the item around a nested checklist ("Test Critical Paths: "), or "" */
    private void children(Node parent, String item, boolean inList, String prefix) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) block(n, item, inList, prefix);
    }

    private void block(Node n, String item, boolean inList, String prefix) {
        switch (n) {
            case Heading h -> out.add(new PageElement.Heading(h.getLevel(), text(h).strip(), line(h)));
            case FencedCodeBlock f -> {
                String lang = f.getInfo() == null ? "" : f.getInfo().strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
                int end = line(f) + f.getSourceSpans().size() - 1;
                if (SHELLS.contains(lang)) out.add(new PageElement.Bash(f.getLiteral(), line(f), end, item));
                else out.add(new PageElement.OtherBlock(lang, line(f)));
            }
            case Paragraph p -> paragraph(p, inList);
            case ListBlock list -> list(list, prefix);
            case BlockQuote q -> children(q, item, inList, prefix);
            default -> { } // thematic breaks, HTML, indented code: nothing a runbook is made from
        }
    }

    private void list(ListBlock list, String prefix) {
        boolean anyBash = false;
        for (Node i = list.getFirstChild(); i != null; i = i.getNext()) anyBash |= holdsBash(i);
        for (Node i = list.getFirstChild(); i != null; i = i.getNext()) {
            if (!(i instanceof ListItem li)) continue;
            Paragraph first = li.getFirstChild() instanceof Paragraph p ? p : null;
            String text = first == null ? "" : text(first).strip();
            boolean task = TASK.matcher(text).find();
            text = TASK.matcher(text).replaceFirst("").strip();
            boolean bash = holdsBash(li);
            // an item over a checklist ("Test Critical Paths" with "- [ ] Load /approvals page") is its items' context
            boolean overChecklist = !bash && nestedTasks(li);
            String detail = prefix + text + nestedBullets(li);
            if (task && !bash && !overChecklist && !text.isEmpty()) out.add(new PageElement.Check(detail, line(li)));
            // a numbered item without a command, beside items with commands: a step the operator does by hand
            if (!task && !bash && !overChecklist && anyBash && list instanceof OrderedList && !text.isEmpty()) {
                out.add(new PageElement.Numbered(detail, line(li)));
            }
            String title = first == null ? null : title(first, text);
            children(li, title, true, overChecklist && title != null ? prefix + Names.step(title) + ": " : "");
        }
    }

    private static boolean nestedTasks(ListItem li) {
        for (Node c = li.getFirstChild(); c != null; c = c.getNext()) {
            if (!(c instanceof ListBlock sub)) continue;
            for (Node i = sub.getFirstChild(); i != null; i = i.getNext()) {
                if (i.getFirstChild() instanceof Paragraph p && TASK.matcher(text(p)).find()) return true;
            }
        }
        return false;
    }

    /** "Identify the Problem" + " — What is failing?; When did it start?" from the plain bullets under an item. */
    private String nestedBullets(ListItem li) {
        List<String> bullets = new ArrayList<>();
        for (Node c = li.getFirstChild(); c != null; c = c.getNext()) {
            if (!(c instanceof ListBlock sub)) continue;
            for (Node i = sub.getFirstChild(); i != null; i = i.getNext()) {
                if (i.getFirstChild() instanceof Paragraph p) {
                    String t = text(p).strip();
                    if (!t.isEmpty() && !TASK.matcher(t).find() && !holdsBash(i)) bullets.add(t);
                }
            }
        }
        return bullets.isEmpty() ? "" : " — " + String.join("; ", bullets);
    }

    /** The bold words an item starts with ("**Capture evidence**"), else its text. */
    private static String title(Paragraph p, String text) {
        StringBuilder before = new StringBuilder();
        for (Node n = p.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof StrongEmphasis s) {
                String bold = inline(s).strip();
                if (!ASCII_WORD.matcher(TASK.matcher(before).replaceFirst("")).find() && !bold.isEmpty()) return bold;
                break;
            }
            before.append(inline(n));
        }
        return text;
    }

    private void paragraph(Paragraph p, boolean inList) {
        paragraphs++;
        for (var span : p.getSourceSpans()) {
            String raw = lines[span.getLineIndex()];
            int from = Math.min(raw.length(), span.getColumnIndex());
            String t = raw.substring(from, Math.min(raw.length(), from + span.getLength()));
            t = t.replace("**", "").replace("__", "").replace("`", "").strip();
            if (!t.isEmpty()) out.add(new PageElement.Prose(t, span.getLineIndex() + 1, paragraphs, inList));
        }
    }

    private static boolean holdsBash(Node n) {
        if (n instanceof FencedCodeBlock f) {
            String info = f.getInfo() == null ? "" : f.getInfo().strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
            return SHELLS.contains(info);
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) if (holdsBash(c)) return true;
        return false;
    }

    /** The plain text of a block's inline content (a heading, a paragraph). */
    private static String text(Block b) {
        return inline(b);
    }

    private static String inline(Node n) {
        return switch (n) {
            case Text t -> t.getLiteral();
            case Code c -> c.getLiteral();
            case SoftLineBreak s -> " ";
            case HardLineBreak h -> " ";
            default -> {
                StringBuilder sb = new StringBuilder();
                for (Node c = n.getFirstChild(); c != null; c = c.getNext()) sb.append(inline(c));
                yield sb.toString();
            }
        };
    }

    private static int line(Node n) {
        return n.getSourceSpans().isEmpty() ? 0 : n.getSourceSpans().get(0).getLineIndex() + 1;
    }
}
