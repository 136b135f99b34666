package dev.runbook.compile;

import dev.runbook.diag.Problem;
import dev.runbook.diag.Problems;
import dev.runbook.diag.RunbookProblemsException;
import dev.runbook.diag.Suggestions;
import dev.runbook.model.Include;
import dev.runbook.model.Node;
import dev.runbook.model.Param;
import dev.runbook.model.Runbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The compiler's second pass over a runbook with {@code include}s: reads and compiles each included runbook (the
 * standard library from the class path, files relative to the including file), checks the params it is given, and
 * refuses cycles. The builders only recorded the references; reading files is the compiler's job.
 */
final class IncludeResolver {
    private final RunbookCompiler compiler;
    private final ClassLoader loader;

    IncludeResolver(RunbookCompiler compiler, ClassLoader loader) {
        this.compiler = compiler;
        this.loader = loader;
    }

    static boolean hasIncludes(Runbook rb) {
        return rb.nodes().stream().anyMatch(n -> n instanceof Include i && i.target() == null);
    }

    /** @param chain the sources being resolved, outermost first, to refuse a runbook that includes itself */
    Runbook resolve(Runbook rb, Set<String> chain, Problems problems) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : rb.nodes()) {
            if (n instanceof Include inc && inc.target() == null) {
                Runbook target = load(rb, inc, chain, problems);
                if (target != null) {
                    checkParams(rb, inc, target, problems);
                    nodes.add(inc.resolved(target));
                }
            } else {
                nodes.add(n);
            }
        }
        return new Runbook(rb.name(), rb.title(), rb.description(), rb.tags(), rb.owner(), rb.severity(), rb.params(),
                rb.secrets(), nodes, rb.health(), rb.onFailure(), rb.always(), rb.source(), rb.contentHash(), rb.columns());
    }

    private Runbook load(Runbook including, Include inc, Set<String> chain, Problems problems) {
        String source;
        String text;
        if (inc.ref().startsWith(StdlibCatalog.SCHEME)) {
            String id = inc.ref().substring(StdlibCatalog.SCHEME.length());
            StdlibCatalog catalog = new StdlibCatalog(loader);
            Optional<StdlibCatalog.Entry> entry = catalog.lookup(id);
            if (entry.isEmpty()) {
                List<String> close = catalog.closeMatches(id);
                problems.add(inc.pos(), "there is no standard runbook '" + id + "'", close.isEmpty() ? "runbook list shows the standard runbooks"
                        : "did you mean " + String.join(" or ", close.stream().map(c -> "'" + c + "'").toList()) + "?");
                return null;
            }
            source = entry.get().displayPath();
            try {
                text = entry.get().text();
            } catch (UncheckedIOException e) {
                problems.add(inc.pos(), "cannot read the standard runbook '" + id + "': " + e.getCause().getMessage(), "");
                return null;
            }
        } else {
            Path base = Path.of(including.source()).toAbsolutePath().getParent();
            Path file = base == null ? Path.of(inc.ref()) : base.resolve(inc.ref()).normalize();
            source = Path.of(including.source()).getParent() == null ? inc.ref()
                    : Path.of(including.source()).getParent().resolve(inc.ref()).normalize().toString();
            if (!Files.isRegularFile(file)) {
                problems.add(inc.pos(), "there is no runbook file '" + inc.ref() + "' (looked for " + file + ")",
                        "write the path relative to this file, or include 'stdlib:group/name'");
                return null;
            }
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(inc.pos(), "cannot read '" + inc.ref() + "': " + e.getMessage(), "check its permissions");
                return null;
            }
        }
        if (chain.contains(source)) {
            problems.add(inc.pos(), "'" + inc.ref() + "' includes itself (" + String.join(" → ", chain) + " → " + source + ")",
                    "an included runbook must not include the runbook that includes it");
            return null;
        }
        Set<String> deeper = new LinkedHashSet<>(chain);
        deeper.add(source);
        try {
            return compiler.compile(text, source, deeper);
        } catch (RunbookProblemsException e) {
            for (Problem p : e.problems()) {
                problems.add(inc.pos(), "the included runbook has a problem: " + p.pos() + ": " + p.message(),
                        p.hint().isEmpty() ? "fix it in " + source : p.hint() + " (in " + source + ")");
            }
            return null;
        }
    }

    private static void checkParams(Runbook including, Include inc, Runbook target, Problems problems) {
        List<String> names = target.params().stream().map(Param::name).toList();
        for (String key : inc.with().keySet()) {
            if (!names.contains(key)) {
                problems.add(inc.pos(), target.name() + " has no param '" + key + "'",
                        Suggestions.didYouMean(key, names, names.isEmpty() ? "it takes no params" : "its params are " + String.join(", ", names)));
            }
        }
        for (Param p : target.params()) {
            boolean given = inc.with().containsKey(p.name()) || including.param(p.name()).isPresent();
            if (p.required() && p.defaultValue() == null && !given) {
                problems.add(inc.pos(), target.name() + " needs param '" + p.name() + "'" + (p.description().isEmpty() ? "" : " (" + p.description() + ")"),
                        "pass it: with: [" + p.name() + ": ...], or declare param '" + p.name() + "' in this runbook");
            }
        }
    }
}
