package dev.runbook.cli;

import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code runbook completion bash|zsh}: the shell completion script, generated from the command tree, plus the param
 * names of the runbook file on the line after {@code -p} ({@code complete-params.bash}, through
 * {@link CompleteParamsCommand}).
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for runbook (generated from its command tree).",
                "bash: source <(runbook completion bash)   zsh: autoload -U bashcompinit && bashcompinit && source <(runbook completion zsh)"})
public final class CompletionCommand implements Callable<Integer> {
    private static final String PICOCLI_REGISTRATION = "complete -F _complete_runbook ";

    private final Io io;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    String shell;

    public CompletionCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            io.err().println("runbook: completion " + shell + " — bash and zsh are supported (zsh through bashcompinit)");
            return ExitCodes.BAD_INPUT;
        }
        // picocli's script works in both: zsh runs it through bashcompinit
        io.out().print(script(spec.root()));
        return ExitCodes.OK;
    }

    /** picocli's script, registered through the function that completes param names first. */
    static String script(CommandSpec root) {
        String picocli = AutoComplete.bash("runbook", root.commandLine());
        if (!picocli.contains(PICOCLI_REGISTRATION)) {
            throw new IllegalStateException("picocli's completion script no longer registers with '" + PICOCLI_REGISTRATION + "'");
        }
        return picocli.replace(PICOCLI_REGISTRATION, "complete -F _complete_runbook_with_params ")
                + paramsPart().replace("@CASES@", cases(root));
    }

    /**
     * One case arm per subcommand that takes -p, naming its options that take a value (so that the value is not
     * taken for the file): {@code exec) arg_opts=" -p --param --journal ... " ;;}.
     */
    private static String cases(CommandSpec root) {
        return root.subcommands().entrySet().stream()
                .filter(e -> e.getKey().equals(e.getValue().getCommandName()) && e.getValue().getCommandSpec().findOption("--param") != null)
                .map(e -> "        " + e.getKey() + ") arg_opts=\" " + e.getValue().getCommandSpec().options().stream()
                        .filter(o -> o.arity().max() > 0)
                        .flatMap(o -> java.util.Arrays.stream(o.names()))
                        .collect(Collectors.joining(" ")) + " \" ;;")
                .collect(Collectors.joining("\n"));
    }

    private static String paramsPart() {
        try (InputStream in = CompletionCommand.class.getResourceAsStream("complete-params.bash")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
