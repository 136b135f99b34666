package dev.runbook.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code runbook completion bash|zsh}: the shell completion script, generated from the command tree. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for runbook (generated from its command tree).",
                "bash: source <(runbook completion bash)   zsh: autoload -U bashcompinit && bashcompinit && source <(runbook completion zsh)"})
final class CompletionCommand implements Callable<Integer> {
    private final Io io;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    String shell;

    CompletionCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            io.err().println("runbook: completion " + shell + " — bash and zsh are supported (zsh through bashcompinit)");
            return ExitCodes.BAD_INPUT;
        }
        // picocli's script works in both: zsh runs it through bashcompinit
        io.out().print(AutoComplete.bash("runbook", spec.root().commandLine()));
        return ExitCodes.OK;
    }
}
