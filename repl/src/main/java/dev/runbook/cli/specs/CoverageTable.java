package dev.runbook.cli.specs;

import dev.runbook.console.Style;
import dev.runbook.testing.Coverage;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the specs reached of each runbook they loaded: steps, handlers ({@code onFailure}, {@code always}) and gates,
 * and every {@code onFailure} path no spec reached, flagged: that is the code that runs on the worst day.
 */
public final class CoverageTable {
    private final PrintStream out;
    private final Style style;
    private final Path workingDir;

    public CoverageTable(PrintStream out, Style style, Path workingDir) {
        this.out = out;
        this.style = style;
        this.workingDir = workingDir;
    }

    /** One thing a spec can reach, as shown. */
    private record Entry(String kind, String name, String label, boolean handler, boolean reached) {
        Entry reachedToo(boolean also) {
            return new Entry(kind, name, label, handler, reached || also);
        }
    }

    /** One runbook's line of the table. */
    private record Row(String source, List<Entry> entries) {}

    /** @return how many {@code onFailure} paths no spec reached */
    public int print(List<Coverage.RunbookCoverage> runbooks) {
        out.println();
        if (runbooks.isEmpty()) {
            out.println("Coverage: no spec loaded a runbook.");
            return 0;
        }
        out.println(style.bold("Coverage"));
        List<Row> rows = mergeStandardRunbooks(runbooks.stream().map(CoverageTable::row).toList());
        int width = rows.stream().mapToInt(r -> shown(r.source()).length()).max().orElse(0);
        int unreached = 0;
        for (Row row : rows) {
            String counts = "steps " + count(row, e -> e.kind().equals("step"))
                    + "  handlers " + count(row, e -> !e.kind().equals("step") && !e.kind().equals("gate"))
                    + "  gates " + count(row, e -> e.kind().equals("gate"));
            List<Entry> handlers = row.entries().stream().filter(e -> e.handler() && !e.reached()).toList();
            String mark = handlers.isEmpty() ? style.green("✓") : style.red("✗");
            out.println("  " + mark + " " + pad(shown(row.source()), width) + "  " + counts);
            for (Entry h : handlers) out.println(style.red("      ✗ ") + h.label() + " — no spec reached it");
            List<String> others = row.entries().stream().filter(e -> !e.handler() && !e.reached()).map(Entry::label).toList();
            if (!others.isEmpty()) out.println(style.dim("      · not reached: " + String.join(", ", others)));
            unreached += handlers.size();
        }
        return unreached;
    }

    private static Row row(Coverage.RunbookCoverage rb) {
        return new Row(rb.getSource(), rb.getItems().stream()
                .map(i -> new Entry(i.getKind(), i.getName(), label(i), i.isHandler(), i.getReached())).toList());
    }

    /**
     * A standard runbook a spec loaded from its file ({@code runbooks/k8s/rollout-undo.groovy}) and one that ran
     * as {@code include 'stdlib:k8s/rollout-undo'} (from the class path) are one runbook: one row, reached by either.
     */
    private static List<Row> mergeStandardRunbooks(List<Row> rows) {
        List<Row> merged = new ArrayList<>(rows);
        for (Row std : rows) {
            if (!std.source().startsWith("stdlib:")) continue;
            String tail = "/" + std.source().substring("stdlib:".length());
            Optional<Row> file = merged.stream()
                    .filter(r -> !r.source().startsWith("stdlib:") && r.source().replace('\\', '/').endsWith(tail)).findFirst();
            if (file.isEmpty()) continue;
            List<Entry> entries = file.get().entries().stream()
                    .map(e -> e.reachedToo(std.entries().stream().anyMatch(s -> s.reached() && s.kind().equals(e.kind()) && s.name().equals(e.name()))))
                    .toList();
            merged.set(merged.indexOf(file.get()), new Row(file.get().source(), entries));
            merged.remove(std);
        }
        return merged;
    }

    private static String count(Row row, Predicate<Entry> kind) {
        List<Entry> entries = row.entries().stream().filter(kind).toList();
        return entries.stream().filter(Entry::reached).count() + "/" + entries.size();
    }

    private static String label(Coverage.Item i) {
        return i.getKind().equals("onFailure") ? "the runbook's onFailure" : i.getKind().equals("always") ? "the runbook's always" : i.getLabel();
    }

    /** A runbook file under the working directory by its relative path; a standard runbook by its id. */
    private String shown(String source) {
        try {
            Path p = Path.of(source);
            if (p.isAbsolute() && p.startsWith(workingDir)) return workingDir.relativize(p).toString();
        } catch (InvalidPathException e) {
            // stdlib:k8s/rollout-undo.groovy and the like: shown as they are
        }
        return source;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
