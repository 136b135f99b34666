package dev.runbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.compile.RunbookCompiler;
import dev.runbook.compile.StdlibCatalog;
import dev.runbook.diag.Problem;
import dev.runbook.diag.RunbookProblemsException;
import dev.runbook.model.Param;
import dev.runbook.model.Runbook;
import dev.runbook.term.Compilers;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code runbook list}: the standard runbooks on the class path, each compiled (which only records) to show its
 * title, params and tags.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the standard runbooks (stdlib:<group>/<name>) with their title, params and tags.")
public final class ListCommand implements Callable<Integer> {
    private final Io io;
    private final StdlibCatalog catalog;

    @Option(names = "--json", description = "print a JSON array, for scripts")
    boolean json;

    public ListCommand(Io io) {
        this(io, StdlibCatalog.onClassPath());
    }

    /** With another catalog: tests list runbooks from a folder or jar of their own. */
    ListCommand(Io io, StdlibCatalog catalog) {
        this.io = io;
        this.catalog = catalog;
    }

    /** One standard runbook as compiled, or the problems that kept it from compiling. */
    private record Listed(StdlibCatalog.Entry entry, Runbook runbook, List<Problem> problems) {}

    @Override
    public Integer call() throws Exception {
        RunbookCompiler compiler = Compilers.of(io);
        List<Listed> all = new ArrayList<>();
        for (StdlibCatalog.Entry e : catalog.list()) {
            try {
                all.add(new Listed(e, compiler.compile(e.text(), e.displayPath()), List.of()));
            } catch (RunbookProblemsException p) {
                all.add(new Listed(e, null, p.problems()));
            }
        }
        if (json) printJson(all);
        else printText(all);
        List<Listed> broken = all.stream().filter(l -> l.runbook() == null).toList();
        if (broken.isEmpty()) return ExitCodes.OK;
        // a standard runbook that does not compile is a defect of the installation, not of what was typed
        io.err().println("runbook: " + broken.size() + " standard " + (broken.size() == 1 ? "runbook does" : "runbooks do") + " not compile:");
        broken.forEach(l -> ProblemPrinter.print(io.err(), l.problems()));
        return ExitCodes.ENVIRONMENT;
    }

    private void printText(List<Listed> all) {
        if (all.isEmpty()) {
            io.out().println("No standard runbooks on the class path.");
            return;
        }
        for (Listed l : all) {
            Runbook rb = l.runbook();
            if (rb == null) {
                io.out().println(l.entry().id() + "  (does not compile: see below)");
                io.out().println();
                continue;
            }
            io.out().println(l.entry().id() + "  " + (rb.title() == null || rb.title().isBlank() ? rb.name() : rb.title()));
            if (!rb.tags().isEmpty()) io.out().println("    tags: " + String.join(", ", rb.tags()));
            int width = rb.params().stream().mapToInt(p -> p.name().length()).max().orElse(0);
            for (Param p : rb.params()) {
                String line = "    -p " + pad(p.name(), width) + "  " + pad(requirement(p), 22) + "  " + p.description();
                io.out().println(line.stripTrailing());
            }
            io.out().println();
        }
        io.out().println(all.size() + (all.size() == 1 ? " standard runbook." : " standard runbooks."));
    }

    /** "required", "default: x", or "optional"; with the choices when there are some. */
    private static String requirement(Param p) {
        String r = p.required() ? "required" : p.defaultValue() != null ? "default: " + p.defaultValue() : "optional";
        return p.choices().isEmpty() ? r : r + ", one of " + String.join("|", p.choices());
    }

    private void printJson(List<Listed> all) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Listed l : all) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", l.entry().id());
            Runbook rb = l.runbook();
            if (rb == null) {
                m.put("problems", l.problems().stream().map(Problem::toString).toList());
                out.add(m);
                continue;
            }
            m.put("name", rb.name());
            m.put("title", rb.title());
            m.put("description", rb.description());
            m.put("severity", rb.severity() == null ? null : rb.severity().name());
            m.put("tags", rb.tags());
            List<Map<String, Object>> params = new ArrayList<>();
            for (Param p : rb.params()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("name", p.name());
                pm.put("required", p.required());
                pm.put("default", p.defaultValue());
                pm.put("pattern", p.pattern() == null ? null : p.pattern().pattern());
                pm.put("choices", p.choices());
                pm.put("description", p.description());
                params.add(pm);
            }
            m.put("params", params);
            out.add(m);
        }
        io.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
