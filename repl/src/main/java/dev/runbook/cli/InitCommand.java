package dev.runbook.cli;

import dev.runbook.cli.scaffold.Scaffold;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code runbook init [DIR]}: a runbooks repository with a team file, a first runbook and its spec, ready to test. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Start a runbooks repository: a team file, a first runbook with its spec, a README, IDE descriptors, and runbookw with .runbook/wrapper.properties (pins this release).")
public final class InitCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "where (default: the current folder; created when missing)")
    Path dir = Path.of(".");

    @Option(names = "--force", description = "overwrite files that exist")
    boolean force;

    public InitCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            io.err().println("runbook: init " + dir + ": not a folder — give a folder (it is created when missing)");
            return ExitCodes.BAD_INPUT;
        }
        // runbookw and its pin: the release running this command, so the repository runs it on every machine and in CI;
        // when this build knows no place that release is published, runbookw with a pin left for the team to make
        String version = ToolVersion.get();
        Optional<WrapperPin> pin = WrapperPin.ofRunningTool(io.env());
        // a repository pinned already keeps its pin when this build has none to offer: --force re-creates the other
        // files, but an empty pin in place of the team's would only break ./runbookw on every machine and in CI
        Optional<WrapperPin> kept = pin.isEmpty() ? WrapperPin.read(dir) : Optional.empty();
        List<Scaffold.File> files = new ArrayList<>(Scaffold.repository());
        files.addAll(List.of(pin.or(() -> kept).map(WrapperPin::files).orElseGet(() -> WrapperPin.unpinnedFiles(version))));
        Scaffold.Outcome outcome = Scaffold.write(dir, files, force);
        if (outcome.refused()) {
            io.err().println("runbook: init " + dir + ": these files exist and were left alone (nothing was written):");
            outcome.conflicts().forEach(f -> io.err().println("  " + dir.resolve(f)));
            io.err().println("Use --force to overwrite them, or init another folder.");
            return ExitCodes.BAD_INPUT;
        }
        outcome.written().forEach(f -> io.out().println("created  " + dir.resolve(f)));
        outcome.updated().forEach(f -> io.out().println("updated  " + dir.resolve(f)));
        io.out().println();
        io.out().println("Next:");
        if (!dir.normalize().toString().isEmpty()) io.out().println("  cd " + dir);
        next("runbook check .", "compile and lint the runbooks and the team file");
        next("runbook test .", "run their specs");
        next("runbook plan " + Scaffold.FIRST_RUNBOOK, "what the first runbook would do");
        next("runbook new NAME", "add a runbook and its spec");
        if (kept.isPresent()) {
            next("./runbookw test --junit-xml DIR", "in CI: runs the pinned runbook " + kept.get().version().orElse("?")
                    + " (needs only a JDK)");
            io.out().println("runbookw keeps this repository's pin: runbook " + kept.get().version().orElse("?") + " from "
                    + kept.get().distributionUrl() + " (runbook wrapper --version X --url URL moves it)");
        } else if (pin.isEmpty()) {
            io.out().println("runbookw has no pin yet: this build of runbook knows no place where release " + version + " is published. Pin it with");
            io.out().println("  " + WrapperPin.pinCommand(version) + "   URL: where your team keeps runbook-" + version
                    + ".tar.gz (file:// or http(s)://)");
            io.out().println("then ./runbookw test --junit-xml DIR runs it in CI (needs only a JDK).");
        } else {
            next("./runbookw test --junit-xml DIR", "in CI: runs the pinned runbook " + version + " (needs only a JDK)");
            if (pin.get().sha256() == null) {
                io.out().println("The wrapper pins runbook " + version + " by URL only (" + pin.get().distributionUrl() + "):");
                io.out().println("  " + WrapperPin.pinCommand(version) + "   pins where your team gets it, with its SHA-256");
            }
        }
        io.out().println("Put your team in runbook.team.groovy: approvers are checked against it.");
        return ExitCodes.OK;
    }

    private void next(String command, String what) {
        io.out().printf("  %-34s %s%n", command, what);
    }
}
