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
 * What the specs reached of each runbook: steps, handlers ({@code onFailure}, {@code always}) and gates, every
 * {@code onFailure} path no spec reached and every handler that failed itself flagged (that is the code that runs on
 * the worst day), and every runbook under the folders that no spec tests, as untested.
 *
 * <p>The scope decides which runbooks count: {@link Scope#OWN} those under the folders searched and those a spec
 * loads; {@link Scope#ALL} also the runbooks they include from elsewhere (standard runbooks, files outside the
 * folders), whose handlers are otherwise someone else's to test.
 */
public final class CoverageTable {
    /** Which runbooks the table counts (and {@code --require-*} judge). */
    public enum Scope { OWN, ALL }

    /** What the table found wanting, among the runbooks in scope. */
    public record Totals(int unreachedHandlers, int crashedHandlers, int untested, int outOfScope) {}

    private final PrintStream out;
    private final Style style;
    private final Path workingDir;
    private final Scope scope;
    private final List<Path> roots;

    /**
     * @param roots the folders searched: a runbook under one of them is the team's own
     */
    public CoverageTable(PrintStream out, Style style, Path workingDir, Scope scope, List<Path> roots) {
        this.out = out;
        this.style = style;
        this.workingDir = workingDir;
        this.scope = scope;
        this.roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).map(r -> r.toFile().isFile() ? r.getParent() : r).toList();
    }

    /** One thing a spec can reach, as shown. */
    private record Entry(String kind, String name, String label, boolean handler, boolean reached, boolean crashed, String error) {
        Entry reachedToo(Entry other) {
            boolean r = reached || other.reached;
            // crashed only when no run of either finished it: one run that did means the handler can do its job
            boolean c = (crashed || other.crashed) && !(reached && !crashed) && !(other.reached && !other.crashed);
            return new Entry(kind, name, label, handler, r, c, error != null ? error : other.error);
        }

        /** Wanting: an onFailure no spec reached, or any handler that failed itself in every run. */
        boolean flagged() {
            return crashed || (handler && !reached);
        }
    }

    /** One runbook's line of the table. */
    private record Row(String source, List<Entry> entries, boolean loadedBySpec, boolean untested) {}

    /** Prints the table; returns what it flagged among the runbooks in scope. */
    public Totals print(List<Coverage.RunbookCoverage> runbooks) {
        out.println();
        if (runbooks.isEmpty()) {
            out.println("Coverage: no spec loaded a runbook, and there is no runbook under " + rootsShown() + ".");
            return new Totals(0, 0, 0, 0);
        }
        List<Row> rows = mergeStandardRunbooks(runbooks.stream().map(CoverageTable::row).toList());
        List<Row> counted = rows.stream().filter(this::inScope).toList();
        List<Row> outside = rows.stream().filter(r -> !inScope(r)).toList();
        out.println(style.bold("Coverage") + style.dim(scope == Scope.OWN
                ? " (scope own: runbooks under " + rootsShown() + " and those the specs load"
                  + (outside.isEmpty() ? "" : "; " + outside.size() + " included from elsewhere not counted, --coverage-scope all counts them") + ")"
                : " (scope all: also the runbooks included from elsewhere)"));
        int width = counted.stream().mapToInt(r -> shown(r.source()).length()).max().orElse(0);
        int unreached = 0;
        int crashed = 0;
        int untested = 0;
        for (Row row : counted) {
            List<Entry> flagged = row.entries().stream().filter(Entry::flagged).toList();
            String mark = flagged.isEmpty() && !row.untested() ? style.green("✓") : style.red("✗");
            out.println("  " + mark + " " + pad(shown(row.source()), width) + "  " + counts(row)
                    + (row.untested() ? style.red("  untested: no spec loads it") : ""));
            for (Entry e : flagged) {
                out.println(style.red("      ✗ ") + e.label() + (e.crashed()
                        ? " — failed itself in every run that reached it: " + e.error()
                        : row.untested() ? " — untested" : " — no spec reached it"));
            }
            List<String> others = row.entries().stream().filter(e -> !e.handler() && !e.reached() && !e.flagged()).map(Entry::label).toList();
            if (!others.isEmpty() && !row.untested()) out.println(style.dim("      · not reached: " + String.join(", ", others)));
            unreached += (int) flagged.stream().filter(e -> !e.crashed()).count();
            crashed += (int) flagged.stream().filter(Entry::crashed).count();
            if (row.untested()) untested++;
        }
        for (Row row : outside) {
            out.println(style.dim("  · " + shown(row.source()) + "  " + counts(row) + "  (included; outside the scope)"));
        }
        return new Totals(unreached, crashed, untested, outside.size());
    }

    /** Own: under a folder searched, or loaded by a spec (from wherever). */
    private boolean inScope(Row row) {
        if (scope == Scope.ALL || row.loadedBySpec()) return true;
        if (row.source().startsWith("stdlib:")) return false; // from the tool's class path, wherever the folders are
        try {
            Path p = Path.of(row.source()).toAbsolutePath().normalize();
            return roots.stream().anyMatch(p::startsWith);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static String counts(Row row) {
        return "steps " + count(row, e -> e.kind().equals("step"))
                + "  handlers " + count(row, e -> !e.kind().equals("step") && !e.kind().equals("gate"))
                + "  gates " + count(row, e -> e.kind().equals("gate"));
    }

    private static Row row(Coverage.RunbookCoverage rb) {
        return new Row(rb.getSource(), rb.getItems().stream()
                .map(i -> new Entry(i.getKind(), i.getName(), label(i), i.isHandler(), i.getReached(), i.isCrashed(), i.getError())).toList(),
                rb.getLoadedBySpec(), rb.isUntested());
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
                    .map(e -> std.entries().stream().filter(s -> s.kind().equals(e.kind()) && s.name().equals(e.name()))
                            .findFirst().map(e::reachedToo).orElse(e))
                    .toList();
            boolean loaded = file.get().loadedBySpec() || std.loadedBySpec();
            boolean untested = !loaded && entries.stream().noneMatch(Entry::reached);
            merged.set(merged.indexOf(file.get()), new Row(file.get().source(), entries, loaded, untested));
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

    private String rootsShown() {
        return String.join(", ", roots.stream().map(r -> r.equals(workingDir) ? "." : shown(r.toString())).toList());
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
