package dev.runbook.cli;

import dev.runbook.cli.specs.CompileFailureXml;
import dev.runbook.cli.specs.CompiledSpecs;
import dev.runbook.cli.specs.CoverageTable;
import dev.runbook.cli.specs.FailureReport;
import dev.runbook.cli.specs.SpecCompiler;
import dev.runbook.cli.specs.SpecFiles;
import dev.runbook.cli.specs.SpecLauncher;
import dev.runbook.cli.specs.RunbookSources;
import dev.runbook.cli.specs.SpecResults;
import dev.runbook.compile.RunbookCompiler;
import dev.runbook.console.Style;
import dev.runbook.diag.RunbookProblemsException;
import dev.runbook.testing.CallLogSnapshot;
import dev.runbook.testing.Coverage;
import dev.runbook.testing.RealPartsMode;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;

import java.io.IOException;
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

    /**
     * How to run and judge the specs.
     *
     * @param match                  run only the specs and features whose name contains this; null: all
     * @param junitXml               the folder for JUnit XML; null: none
     * @param requireHandlerCoverage an unreached or failing handler fails the run
     * @param requireSpecs           a runbook under the folders that no spec tests fails the run
     * @param scope                  which runbooks the coverage counts
     * @param updateSnapshots        rewrite the call-log snapshots that differ instead of failing
     * @param real                   features marked {@code @RealParts} run against the real parts, the others are skipped
     */
    record Settings(String match, Path junitXml, boolean requireHandlerCoverage, boolean requireSpecs,
                    CoverageTable.Scope scope, boolean updateSnapshots, boolean real) {}

    int run(List<Path> roots, Settings settings) {
        String before = System.getProperty(RealPartsMode.PROPERTY);
        System.setProperty(RealPartsMode.PROPERTY, String.valueOf(settings.real()));
        try {
            return runSpecs(roots, settings);
        } finally {
            if (before == null) System.clearProperty(RealPartsMode.PROPERTY);
            else System.setProperty(RealPartsMode.PROPERTY, before);
        }
    }

    private int runSpecs(List<Path> roots, Settings settings) {
        String match = settings.match();
        Path junitXml = settings.junitXml();
        boolean real = settings.real();
        List<Path> files = SpecFiles.under(roots);
        String where = roots.stream().map(Path::toString).collect(Collectors.joining(", "));
        if (files.isEmpty()) {
            io.err().println("runbook: test — no *Spec.groovy files under " + where
                    + ": a spec is a file named <Something>Spec.groovy beside the runbook it tests, with a class that extends"
                    + " dev.runbook.testing.RunbookSpecification");
            return ExitCodes.BAD_INPUT;
        }
        CompiledSpecs specs;
        try {
            specs = new SpecCompiler(SpecTestRun.class.getClassLoader()).compileReportingAll(files);
        } catch (RunbookProblemsException e) {
            if (junitXml != null) writeCompileFailures(junitXml, e);
            throw e; // printed as file:line:col problems, exit 2: nothing ran
        }
        for (Path f : specs.notSpecs()) {
            io.err().println("runbook: test — " + f + " holds no spec class (one that extends RunbookSpecification or"
                    + " spock.lang.Specification): nothing in it runs");
        }
        io.out().println("Running " + plural(specs.specs().size(), "spec") + " from " + where
                + (match == null ? "" : " (only names containing '" + match + "')")
                + (real ? ", against the real parts (features marked @RealParts; the others are skipped)" : ""));

        Coverage.global().reset();
        CallLogSnapshot.reset();
        SpecResults results = new SpecResults(io.out(), style);
        long started = System.nanoTime();
        CallLogSnapshot.setUpdating(settings.updateSnapshots() ? Boolean.TRUE : null);
        try {
            new SpecLauncher(match, junitXml, new PrintWriter(io.err(), true)).run(specs, results);
        } finally {
            CallLogSnapshot.setUpdating(null);
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        int ran = results.passed() + results.failed() + results.skipped();
        if (match != null && ran == 0) {
            io.err().println("runbook: test -k " + match + " — no spec or feature name contains it");
            return ExitCodes.BAD_INPUT;
        }
        FailureReport report = new FailureReport(io.out(), style, specs.sources(), io.env().containsKey("RUNBOOK_DEBUG"));
        report.printAll(results.failures());

        io.out().println();
        String summary = plural(results.specs(), "spec") + ", " + plural(ran, "feature") + ": " + results.passed() + " passed, "
                + results.failed() + " failed, " + results.skipped() + " skipped"
                + String.format(Locale.ROOT, " (%.1f s)", seconds);
        io.out().println(results.failed() > 0 ? style.red(summary) : style.green(summary));
        results.skipReasons().forEach((why, n) -> io.out().println(style.yellow("  skipped " + n + ": " + why)));

        // every runbook under the folders is in the table: one no spec loads is shown untested, not left out
        List<String> broken = match == null ? listRunbooks(roots) : List.of();
        Path workingDir = Path.of("").toAbsolutePath();
        CoverageTable.Totals totals = new CoverageTable(io.out(), style, workingDir, settings.scope(), roots)
                .print(Coverage.global().getRunbooks());
        for (String b : broken) io.out().println(style.red("  ✗ ") + b);
        int untested = totals.untested() + broken.size();
        if (match != null) io.out().println(style.dim("  (-k: only the runbooks the selected specs load are listed; --require-specs is not checked)"));
        printSnapshots(workingDir);
        if (junitXml != null) io.out().println(System.lineSeparator() + "JUnit XML: " + junitXml.resolve("TEST-spock.xml"));

        boolean fail = results.failed() > 0;
        int handlers = totals.unreachedHandlers() + totals.crashedHandlers();
        if (handlers > 0) {
            String what = (totals.unreachedHandlers() > 0 ? plural(totals.unreachedHandlers(), "onFailure path") + " reached by no spec" : "")
                    + (totals.unreachedHandlers() > 0 && totals.crashedHandlers() > 0 ? ", " : "")
                    + (totals.crashedHandlers() == 1 ? "1 handler that failed in every run that reached it"
                    : totals.crashedHandlers() > 1 ? totals.crashedHandlers() + " handlers that failed in every run that reached them" : "");
            if (settings.requireHandlerCoverage()) {
                io.out().println(style.red(what + " (--require-handler-coverage)"));
                fail = true;
            } else {
                io.out().println(style.dim(what + "; --require-handler-coverage makes that fail the run"));
            }
        }
        if (untested > 0 && match == null) {
            if (settings.requireSpecs()) {
                io.out().println(style.red(plural(untested, "runbook") + " with no spec (--require-specs)"));
                fail = true;
            } else {
                io.out().println(style.dim(plural(untested, "runbook") + " with no spec; --require-specs makes that fail the run"));
            }
        }
        return fail ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /**
     * Makes every runbook under the folders known to the coverage (the specs have made known those they load);
     * returns a line for each one that does not compile, which no spec can have loaded either.
     */
    private static List<String> listRunbooks(List<Path> roots) {
        List<String> broken = new java.util.ArrayList<>();
        RunbookCompiler compiler = new RunbookCompiler();
        for (Path file : RunbookSources.under(roots)) {
            try {
                Coverage.global().list(compiler.compile(file));
            } catch (RunbookProblemsException e) {
                broken.add(shown(Path.of("").toAbsolutePath(), file) + "  does not compile, so no spec can load it: " + e.problems().get(0));
            }
        }
        return broken;
    }

    private void printSnapshots(Path workingDir) {
        if (!CallLogSnapshot.getWritten().isEmpty()) {
            io.out().println(System.lineSeparator() + "Snapshots: " + plural(CallLogSnapshot.getWritten().size(), "call log") + " written for the first time"
                    + " (review them and commit them beside the specs):");
            CallLogSnapshot.getWritten().forEach(f -> io.out().println("  + " + shown(workingDir, f)));
        }
        if (!CallLogSnapshot.getUpdated().isEmpty()) {
            io.out().println(System.lineSeparator() + "Snapshots: " + plural(CallLogSnapshot.getUpdated().size(), "call log") + " rewritten (--update-snapshots;"
                    + " review the change in the diff):");
            CallLogSnapshot.getUpdated().forEach(f -> io.out().println("  ~ " + shown(workingDir, f)));
        }
    }

    private static String shown(Path workingDir, Path file) {
        return file.startsWith(workingDir) ? workingDir.relativize(file).toString() : file.toString();
    }

    private void writeCompileFailures(Path junitXml, RunbookProblemsException e) {
        try {
            Path xml = CompileFailureXml.write(junitXml, e.problems());
            io.err().println("JUnit XML: " + xml + " (one failing testcase per spec file that does not compile)");
        } catch (IOException x) {
            io.err().println("runbook: test --junit-xml " + junitXml + " — " + x.getMessage());
        }
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
