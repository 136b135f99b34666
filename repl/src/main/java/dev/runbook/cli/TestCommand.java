package dev.runbook.cli;

import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import dev.runbook.term.Styles;

import dev.runbook.cli.specs.CoverageTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code runbook test [DIR...]}: compiles the {@code *Spec.groovy} files beside the runbooks and runs them with
 * Spock. Only {@link SpecTestRun} touches Groovy's compiler, Spock and the JUnit Platform, so the other commands
 * start without loading them.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run the specs beside the runbooks (*Spec.groovy, Spock) and show what they covered.",
                "Exit codes: 0 every feature passed, 1 a feature failed (or, with --require-handler-coverage, an onFailure"
                        + " path was never reached or a handler failed itself; with --require-specs, a runbook has no spec),"
                        + " 2 a spec does not compile or there is none."})
public final class TestCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(arity = "0..*", paramLabel = "DIR", description = "folders to search for *Spec.groovy (or spec files); default: the working directory."
            + " Skipped: target, .git, node_modules, .runbook and the src/main, src/test trees of a Maven or Gradle build")
    List<Path> dirs;

    @Option(names = "--junit-xml", paramLabel = "DIR", description = "also write JUnit XML reports (TEST-spock.xml) to DIR, for CI")
    Path junitXml;

    @Option(names = "--require-handler-coverage", description = "fail (exit 1) when an onFailure path of a runbook in the coverage scope was reached by no spec,"
            + " or a handler failed itself in every run that reached it")
    boolean requireHandlerCoverage;

    @Option(names = "--require-specs", description = "fail (exit 1) when a runbook under the folders has no spec: none loads it or runs it through an include")
    boolean requireSpecs;

    @Option(names = "--coverage-scope", paramLabel = "own|all", defaultValue = "own", converter = ScopeConverter.class,
            description = "which runbooks the coverage counts: own (default) the runbooks under the folders and those the specs load;"
                    + " all also the runbooks they include from elsewhere (stdlib:..., files outside the folders)")
    CoverageTable.Scope coverageScope;

    @Option(names = "--update-snapshots", description = "rewrite the call-log snapshots (matchesSnapshot()) that differ, instead of failing")
    boolean updateSnapshots;

    @Option(names = {"-k", "--match"}, paramLabel = "TEXT", description = "run only the specs and features whose name contains TEXT (case-insensitive)")
    String match;

    @Option(names = "--real", description = "run the features marked @RealParts against the real parts the environment points at"
            + " (DOCKER_HOST, PGHOST, AWS_ENDPOINT_URL_S3, KUBECONFIG or RUNBOOK_K8S_SERVER), in real time, sh in bash; skip the others."
            + " A part not configured skips its features, or fails them when RUNBOOK_REQUIRE_REAL_PARTS=1")
    boolean real;

    public TestCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        List<Path> roots = dirs == null || dirs.isEmpty() ? List.of(Path.of(".")) : dirs;
        for (Path r : roots) {
            if (!Files.exists(r)) {
                io.err().println("runbook: test " + r + " — no such folder or file; give the folder of your runbooks and their specs");
                return ExitCodes.BAD_INPUT;
            }
        }
        if (junitXml != null) {
            try {
                Files.createDirectories(junitXml);
            } catch (IOException e) {
                String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
                io.err().println("runbook: test --junit-xml " + junitXml + " — cannot create the folder (" + why + "); give a folder you can write to");
                return ExitCodes.ENVIRONMENT;
            }
        }
        return new SpecTestRun(io, Styles.of(io)).run(roots, new SpecTestRun.Settings(match, junitXml, requireHandlerCoverage,
                requireSpecs, coverageScope, updateSnapshots, real));
    }

    /** own or all, in any case; anything else is refused with the two choices. */
    static final class ScopeConverter implements ITypeConverter<CoverageTable.Scope> {
        @Override
        public CoverageTable.Scope convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "own" -> CoverageTable.Scope.OWN;
                case "all" -> CoverageTable.Scope.ALL;
                default -> throw new TypeConversionException("'" + value + "' is not a scope — use own or all");
            };
        }
    }
}
