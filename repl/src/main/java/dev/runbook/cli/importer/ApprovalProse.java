package dev.runbook.cli.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prose that asks for an approval: "Requires Manager Approval", "P1 (High): Team lead approval required",
 * "For P1+: Get verbal approval from team lead". It must name who (a role) or when (a severity) and ask for the
 * approval; "Process one approval" or "/approvals page" are not asked for.
 */
final class ApprovalProse {
    private ApprovalProse() {}

    /**
     * What a line asks for.
     *
     * @param level the least urgent severity the approval is asked at (3 for "P2+", 1 for "P1"); -1 when none is named
     * @param roles the roles named, as team-file roles ("lead", "manager")
     */
    record Need(int level, List<String> roles) {
        /** One approval for two lines of one policy: the least urgent level, every role. */
        Need merge(Need other) {
            List<String> all = new ArrayList<>(roles);
            other.roles.stream().filter(r -> !all.contains(r)).forEach(all::add);
            return new Need(Math.max(level, other.level), all);
        }
    }

    private static final Pattern ASKS = Pattern.compile(
            "(?i)\\b(requires?|required|needs?|needed|get|obtain|must have|with)\\b[^.;]*\\bapprov|\\bapprov(al|e)s?\\b[^.;]*\\b(required|needed|from|by)\\b|\\bsign[- ]off\\b");
    private static final Pattern SEVERITY = Pattern.compile("\\bP([0-3])(\\+)?(?![0-9])");
    private static final Pattern ROLE = Pattern.compile(
            "(?i)\\b(team lead|tech lead|engineering lead|lead|manager|cto|vp|director|dba|database admin(?:istrator)?|security|on-call)\\b");

    /** The approval the line asks for; null when it asks for none. */
    static Need of(String line) {
        if (!ASKS.matcher(line).find()) return null;
        List<String> roles = new ArrayList<>();
        Matcher r = ROLE.matcher(line);
        while (r.find()) {
            String role = role(r.group(1));
            if (!roles.contains(role)) roles.add(role);
        }
        int level = -1;
        Matcher s = SEVERITY.matcher(line);
        while (s.find()) {
            int l = s.group(2) != null ? 3 : Integer.parseInt(s.group(1));
            level = Math.max(level, l);
        }
        if (roles.isEmpty() && level < 0) return null;
        return new Need(level, roles);
    }

    /** The sentence of {@code line} that asks for the approval ("Requires manager approval."), or the whole line. */
    static String sentence(String line) {
        for (String s : line.split("(?<=[.!?])\\s+")) if (of(s) != null) return s.strip();
        return line.strip();
    }

    /** The team file's role for what the page calls it. */
    private static String role(String words) {
        String w = words.toLowerCase(Locale.ROOT);
        if (w.endsWith("lead")) return "lead";
        if (w.startsWith("database admin")) return "dba";
        return w;
    }
}
