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
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code runbook new NAME}: a runbook and its spec, added to a runbooks repository. */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Add a runbook NAME.groovy and its spec (NameSpec.groovy) to a runbooks repository.")
public final class NewCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "NAME", description = "the runbook's name, a slug: restart-api")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "the folder to add it to (default: the current folder)")
    Path dir = Path.of(".");

    public NewCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        Optional<String> problem = Scaffold.nameProblem(name);
        if (problem.isPresent()) {
            io.err().println("runbook: new '" + name + "': " + problem.get());
            return ExitCodes.BAD_INPUT;
        }
        if (!Files.isDirectory(dir)) {
            io.err().println("runbook: new: --dir " + dir + " is not a folder — give an existing one, or start one with runbook init " + dir);
            return ExitCodes.BAD_INPUT;
        }
        Scaffold.Outcome outcome = Scaffold.write(dir, Scaffold.runbook(name), false);
        if (outcome.refused()) {
            io.err().println("runbook: new " + name + ": these files exist and were left alone (nothing was written):");
            outcome.conflicts().forEach(f -> io.err().println("  " + dir.resolve(f)));
            io.err().println("Choose another name, or edit the existing runbook.");
            return ExitCodes.BAD_INPUT;
        }
        outcome.written().forEach(f -> io.out().println("created  " + dir.resolve(f)));
        io.out().println();
        io.out().println("Next: replace the two echo commands with yours, then");
        io.out().println("  runbook check " + dir.resolve(name + ".groovy"));
        io.out().println("  runbook test " + dir);
        return ExitCodes.OK;
    }
}
