package dev.runbook.cli.specs;

import dev.runbook.console.Style;
import dev.runbook.testing.Coverage;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
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

    /** @return how many {@code onFailure} paths no spec reached */
    public int print(List<Coverage.RunbookCoverage> runbooks) {
        out.println();
        if (runbooks.isEmpty()) {
            out.println("Coverage: no spec loaded a runbook.");
            return 0;
        }
        out.println(style.bold("Coverage"));
        int width = runbooks.stream().mapToInt(r -> shown(r.getSource()).length()).max().orElse(0);
        int unreached = 0;
        for (Coverage.RunbookCoverage rb : runbooks) {
            String counts = "steps " + count(rb, i -> i.getKind().equals("step"))
                    + "  handlers " + count(rb, i -> !i.getKind().equals("step") && !i.getKind().equals("gate"))
                    + "  gates " + count(rb, i -> i.getKind().equals("gate"));
            List<Coverage.Item> handlers = rb.getUnreachedHandlers();
            String mark = handlers.isEmpty() ? style.green("✓") : style.red("✗");
            out.println("  " + mark + " " + pad(shown(rb.getSource()), width) + "  " + counts);
            for (Coverage.Item h : handlers) {
                out.println(style.red("      ✗ ") + label(h) + " — no spec reached it");
            }
            List<String> others = rb.getUnreached().stream().filter(i -> !i.isHandler()).map(CoverageTable::label).toList();
            if (!others.isEmpty()) out.println(style.dim("      · not reached: " + String.join(", ", others)));
            unreached += handlers.size();
        }
        return unreached;
    }

    private static String count(Coverage.RunbookCoverage rb, Predicate<Coverage.Item> kind) {
        List<Coverage.Item> items = rb.getItems().stream().filter(kind).toList();
        return items.stream().filter(Coverage.Item::getReached).count() + "/" + items.size();
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
