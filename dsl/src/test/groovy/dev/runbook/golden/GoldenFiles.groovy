package dev.runbook.golden

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/**
 * Golden files: the normalised journal of a run as it should be, one event per line, in
 * {@code src/test/resources/golden/NAME.jsonl} of the module. Maven runs the specs from the module's folder.
 * <p>
 * {@link #check} fails with the first lines that differ, the fields that differ in the first of them, and where
 * to find this run's whole journal ({@code target/golden-actual/NAME.jsonl}).
 * With {@code RUNBOOK_GOLDEN_UPDATE=1} (an environment variable, or {@code -DRUNBOOK_GOLDEN_UPDATE=1}) it writes the
 * run's lines to the golden file instead, and prints that it did. Do that only when the change in behaviour is
 * the one you meant, and review the diff of the golden file as you would review code.
 */
final class GoldenFiles {
    static final String UPDATE = 'RUNBOOK_GOLDEN_UPDATE'
    /** Changes shown before the message stops. Usually the first one explains the rest. */
    static final int HUNKS_SHOWN = 3
    static final int CONTEXT = 2

    final Path dir
    final Path actualDir

    GoldenFiles(Path dir = Path.of('src/test/resources/golden'), Path actualDir = Path.of('target/golden-actual')) {
        this.dir = dir
        this.actualDir = actualDir
    }

    static boolean updating() {
        System.getenv(UPDATE) == '1' || System.getProperty(UPDATE) == '1'
    }

    /** Compares {@code lines} with the golden file {@code name}. In update mode, writes them to it instead. */
    void check(String name, List<String> lines) {
        assert !lines.isEmpty(): "no events to compare for '$name'"
        Path golden = dir.resolve(name + '.jsonl')
        if (updating()) {
            write(golden, lines)
            System.err.println("golden: ${UPDATE}=1, rewrote ${golden} (${lines.size()} events) from this run instead of comparing")
            return
        }
        Path actual = actualDir.resolve(name + '.jsonl')
        write(actual, lines)
        if (!Files.exists(golden)) {
            throw new AssertionError("no golden file ${golden.toAbsolutePath()} (this module's folder must be the working directory). " +
                    "This run's journal is in ${actual}; to make it the golden file, run again with ${UPDATE}=1".toString())
        }
        List<String> expected = Files.readAllLines(golden, StandardCharsets.UTF_8)
        if (expected != lines) throw new AssertionError(describe(name, golden, actual, expected, lines))
    }

    private static void write(Path file, List<String> lines) {
        Files.createDirectories(file.parent)
        Files.writeString(file, lines.join('\n') + '\n', StandardCharsets.UTF_8)
    }

    // ---- the message -----------------------------------------------------------------------------------------------

    /** A unified diff of the first {@link #HUNKS_SHOWN} changes, line numbers being event numbers. */
    static String describe(String name, Path golden, Path actual, List<String> expected, List<String> lines) {
        List<int[]> edits = diff(expected, lines)   // [kind, expected line, actual line]: kind 0 same, -1 removed, 1 added
        StringBuilder b = new StringBuilder()
        b << "the journal of '$name' is not the golden one: ${expected.size()} events expected, ${lines.size()} written " <<
                "(- golden ${golden}, + this run; line N is event N)\n"
        List<Integer> changed = (0..<edits.size()).findAll { edits[it][0] != 0 }
        int shown = 0
        int lastPrinted = -1
        int i = 0
        while (i < changed.size() && shown < HUNKS_SHOWN) {
            int first = changed[i]
            int last = first
            while (i + 1 < changed.size() && changed[i + 1] - last <= 2 * CONTEXT + 1) last = changed[++i]
            i++
            int from = Math.max(Math.max(0, first - CONTEXT), lastPrinted + 1)
            int to = Math.min(edits.size() - 1, last + CONTEXT)
            if (from > lastPrinted + 1) b << '  ...\n'
            (from..to).each { int k -> b << line(edits[k], expected, lines) << '\n' }
            lastPrinted = to
            if (shown == 0) b << fieldsOf(edits, first, expected, lines)
            shown++
        }
        if (i < changed.size()) b << "  ... and more changes after line ${edits[changed[i]][1] + 1}\n"
        b << "This run's whole journal: ${actual}. If the new journal is what you meant, run again with ${UPDATE}=1 " <<
                "and review the golden file's diff."
        b.toString()
    }

    private static String line(int[] edit, List<String> expected, List<String> lines) {
        switch (edit[0]) {
            case 0: return String.format('  %4d  %s', edit[1] + 1, expected[edit[1]])
            case -1: return String.format('- %4d  %s', edit[1] + 1, expected[edit[1]])
            default: return String.format('+ %4d  %s', edit[2] + 1, lines[edit[2]])
        }
    }

    /**
     * When the first change replaces one event with another of the same type, this says which fields differ. A long
     * line that differs in one value is hard to read otherwise.
     */
    private static String fieldsOf(List<int[]> edits, int at, List<String> expected, List<String> lines) {
        int[] removed = edits[at]
        int[] added = at + 1 < edits.size() ? edits[at + 1] : null
        if (removed[0] != -1 || added == null || added[0] != 1) return ''
        Map was = parse(expected[removed[1]])
        Map now = parse(lines[added[2]])
        if (was == null || now == null || was.type != now.type) return ''
        List<String> keys = ((was.keySet() + now.keySet()) as LinkedHashSet<String>).findAll { was[it] != now[it] }
        keys.isEmpty() ? '' : "    in this ${was.type}: " + keys.collect { k ->
            "$k ${was.containsKey(k) ? render(was[k]) : '(none)'} → ${now.containsKey(k) ? render(now[k]) : '(none)'}"
        }.join('; ') + '\n'
    }

    private static Map parse(String line) {
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readValue(line, Map)
        } catch (Exception ignored) {
            null
        }
    }

    private static String render(Object v) {
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(v)
    }

    /**
     * The shortest edit script (longest common subsequence). Journals are a few hundred lines, so the n × m table
     * is small.
     */
    static List<int[]> diff(List<String> a, List<String> b) {
        int n = a.size(), m = b.size()
        int[][] lcs = new int[n + 1][m + 1]
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        List<int[]> edits = []
        int i = 0, j = 0
        while (i < n || j < m) {
            if (i < n && j < m && a[i] == b[j]) edits << ([0, i++, j++] as int[])
            else if (j < m && (i == n || lcs[i][j + 1] > lcs[i + 1][j])) edits << ([1, i, j++] as int[])
            else edits << ([-1, i++, j] as int[])
        }
        edits
    }
}
