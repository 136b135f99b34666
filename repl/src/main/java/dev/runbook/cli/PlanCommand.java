package dev.runbook.cli;

import dev.runbook.console.PlanRenderer;
import dev.runbook.term.Compilers;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import dev.runbook.term.Styles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "plan", description = "Show what would run: steps, options, expected times, commands. Runs nothing.",
        mixinStandardHelpOptions = true)
public final class PlanCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "FILE", description = "the runbook file")
    Path file;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "show each command as it will run with this value (quoted as the run quotes it); repeat for each")
    Map<String, String> params;

    public PlanCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        new PlanRenderer(io.out(), Styles.of(io), params).render(Compilers.of(io).compile(file));
        return ExitCodes.OK;
    }
}
