package dev.runbook.cli;

import dev.runbook.cli.importer.ImportException;
import dev.runbook.cli.importer.PageImport;
import dev.runbook.cli.scaffold.Scaffold;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code runbook import PAGE.md [-o DIR]}: a markdown rollback page as checked runbooks, their specs and IMPORT.md. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Turn a markdown page's procedures (headings with bash blocks) into runbooks, a first spec for each, and IMPORT.md.")
public final class ImportCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "PAGE", description = "the markdown page")
    Path page;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "where to write (default: the current folder; created when missing)")
    Path dir = Path.of(".");

    @Option(names = "--force", description = "overwrite files that exist")
    boolean force;

    public ImportCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        PageImport.Result result;
        try {
            result = PageImport.of(page);
        } catch (ImportException e) {
            io.err().println("runbook: import " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            io.err().println("runbook: import: " + dir + " is not a folder — give a folder with -o (it is created when missing)");
            return ExitCodes.BAD_INPUT;
        }
        Scaffold.Outcome outcome;
        try {
            outcome = Scaffold.write(dir, result.files(), force);
        } catch (IOException e) {
            io.err().println("runbook: import: cannot write in " + dir + " (" + reason(e) + ") — choose another folder with -o");
            return ExitCodes.ENVIRONMENT;
        }
        if (outcome.refused()) {
            io.err().println("runbook: import: these files exist and were left alone (nothing was written):");
            outcome.conflicts().forEach(f -> io.err().println("  " + dir.resolve(f)));
            io.err().println("Use --force to overwrite them, or import into another folder with -o DIR.");
            return ExitCodes.BAD_INPUT;
        }
        for (PageImport.Runbook r : result.runbooks()) {
            io.out().printf("created  %s  (page line %d: %d %s%s)%n", dir.resolve(r.file()), r.fromLine(), r.steps(),
                    r.steps() == 1 ? "step" : "steps", r.reviews() == 0 ? "" : ", " + r.reviews() + " to review");
        }
        int specs = result.runbooks().size();
        io.out().println("created  " + specs + (specs == 1 ? " spec" : " specs") + " beside them, and " + dir.resolve("IMPORT.md")
                + " (what was made from what, and what needs your judgement)");
        io.out().println();
        io.out().println("Next: read IMPORT.md, then");
        next("runbook check " + dir, "every runbook compiles and lints");
        next("runbook plan " + dir.resolve(result.runbooks().getFirst().file()), "what it would run, in the page's order");
        next("runbook test " + dir, "their specs");
        return ExitCodes.OK;
    }

    private void next(String command, String what) {
        io.out().printf("  %-40s %s%n", command, what);
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
