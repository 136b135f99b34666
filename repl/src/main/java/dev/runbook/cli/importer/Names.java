package dev.runbook.cli.importer;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/** Names made from a page's headings: runbook names, file names, spec class names, step names. */
final class Names {
    private Names() {}

    /** "1.", "2.3", "1)", "Step 4:", "Step 4 -" at the start of a heading or a comment. */
    private static final Pattern NUMBERING = Pattern.compile("(?i)^(step\\s+\\d+\\s*[:.)-]?|\\d+(\\.\\d+)*[.):]?)\\s+");
    private static final int MAX_SLUG = 60;
    private static final int MAX_STEP = 80;

    /** "1.2 Restart Services" → "Restart Services"; "Step 1: Identify" → "Identify". */
    static String unnumbered(String heading) {
        String s = NUMBERING.matcher(heading.strip()).replaceFirst("").strip();
        return s.isEmpty() ? heading.strip() : s;
    }

    /** "1. Container-Level Rollback" → "container-level-rollback"; never empty (a runbook name and a file name). */
    static String slug(String text) {
        String s = Normalizer.normalize(unnumbered(text), Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        s = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > MAX_SLUG) s = s.substring(0, MAX_SLUG).replaceAll("-[^-]*$", "");
        if (s.isEmpty()) s = "procedure";
        if (!Character.isLetter(s.charAt(0))) s = "runbook-" + s;
        return s;
    }

    /** {@code base}, or base-2, base-3… when taken. */
    static String unique(String base, Collection<String> taken, String separator) {
        String name = base;
        for (int i = 2; taken.contains(name); i++) name = base + separator + i;
        return name;
    }

    /** "container-level-rollback" → "ContainerLevelRollbackSpec". */
    static String specClass(String slug) {
        StringBuilder sb = new StringBuilder();
        for (String part : slug.split("-")) {
            if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        if (sb.isEmpty() || !Character.isJavaIdentifierStart(sb.charAt(0))) sb.insert(0, "Imported");
        return sb.append("Spec").toString();
    }

    /** A step's name from a heading, an item or a comment: without numbering, a trailing colon or extra spaces. */
    static String step(String text) {
        String s = unnumbered(text).replaceAll("\\s+", " ").replaceAll("[:.]+$", "").strip();
        if (s.length() > MAX_STEP) s = s.substring(0, MAX_STEP - 1).strip() + "…";
        return s.isEmpty() ? "Step" : s;
    }
}
