package dev.runbook.cli;

import dev.runbook.cli.specs.CompiledSpecs;
import dev.runbook.cli.specs.CoverageTable;
import dev.runbook.cli.specs.FailureReport;
import dev.runbook.cli.specs.SpecCompiler;
import dev.runbook.cli.specs.SpecFiles;
import dev.runbook.cli.specs.SpecLauncher;
import dev.runbook.cli.specs.SpecResults;
import dev.runbook.console.Style;
import dev.runbook.testing.Coverage;
import dev.runbook.testing.RealPartsMode;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** One {@code runbook test}: find, compile, run, report; returns the exit code. */
final class SpecTestRun {
    private final Io io;
    private final Style style;

    SpecTestRun(Io io, Style style) {
        this.io = io;
        this.style = style;
    }

    int run(List<Path> roots, String match, Path junitXml, boolean requireHandlerCoverage) {
        return run(roots, match, junitXml, requireHandlerCoverage, false);
    }

    /** {@code real}: features marked {@code @RealParts} run against the real parts, the others are skipped. */
    int run(List<Path> roots, String match, Path junitXml, boolean requireHandlerCoverage, boolean real) {
        String before = System.getProperty(RealPartsMode.PROPERTY);
        System.setProperty(RealPartsMode.PROPERTY, String.valueOf(real));
        try {
            return runSpecs(roots, match, junitXml, requireHandlerCoverage, real);
        } finally {
            if (before == null) System.clearProperty(RealPartsMode.PROPERTY);
            else System.setProperty(RealPartsMode.PROPERTY, before);
        }
    }

    private int runSpecs(List<Path> roots, String match, Path junitXml, boolean requireHandlerCoverage, boolean real) {
        List<Path> files = SpecFiles.under(roots);
        String where = roots.stream().map(Path::toString).collect(Collectors.joining(", "));
        if (files.isEmpty()) {
            io.err().println("runbook: test — no *Spec.groovy files under " + where
                    + ": a spec is a file named <Something>Spec.groovy beside the runbook it tests, with a class that extends"
                    + " dev.runbook.testing.RunbookSpecification");
            return ExitCodes.BAD_INPUT;
        }
        CompiledSpecs specs = new SpecCompiler(SpecTestRun.class.getClassLoader()).compile(files);
        for (Path f : specs.notSpecs()) {
            io.err().println("runbook: test — " + f + " holds no spec class (one that extends RunbookSpecification or"
                    + " spock.lang.Specification): nothing in it runs");
        }
        io.out().println("Running " + plural(specs.specs().size(), "spec") + " from " + where
                + (match == null ? "" : " (only names containing '" + match + "')")
                + (real ? ", against the real parts (features marked @RealParts; the others are skipped)" : ""));

        Coverage.global().reset();
        SpecResults results = new SpecResults(io.out(), style);
        long started = System.nanoTime();
        new SpecLauncher(match, junitXml, new PrintWriter(io.err(), true)).run(specs, results);
        double seconds = (System.nanoTime() - started) / 1e9;

        int ran = results.passed() + results.failed() + results.skipped();
        if (match != null && ran == 0) {
            io.err().println("runbook: test -k " + match + " — no spec or feature name contains it");
            return ExitCodes.BAD_INPUT;
        }
        FailureReport report = new FailureReport(io.out(), style, specs.sources(), io.env().containsKey("RUNBOOK_DEBUG"));
        results.failures().forEach(report::print);

        io.out().println();
        String summary = plural(results.specs(), "spec") + ", " + plural(ran, "feature") + ": " + results.passed() + " passed, "
                + results.failed() + " failed, " + results.skipped() + " skipped"
                + String.format(Locale.ROOT, " (%.1f s)", seconds);
        io.out().println(results.failed() > 0 ? style.red(summary) : style.green(summary));
        results.skipReasons().forEach((why, n) -> io.out().println(style.yellow("  skipped " + n + ": " + why)));

        int unreached = new CoverageTable(io.out(), style, Path.of("").toAbsolutePath()).print(Coverage.global().getRunbooks());
        if (junitXml != null) io.out().println(System.lineSeparator() + "JUnit XML: " + junitXml.resolve("TEST-spock.xml"));

        if (results.failed() > 0) return ExitCodes.FAILED;
        if (unreached > 0) {
            if (requireHandlerCoverage) {
                io.out().println(style.red(plural(unreached, "onFailure path") + " reached by no spec (--require-handler-coverage)"));
                return ExitCodes.FAILED;
            }
            io.out().println(style.dim(plural(unreached, "onFailure path") + " reached by no spec; --require-handler-coverage makes that fail the run"));
        }
        return ExitCodes.OK;
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
