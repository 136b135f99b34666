package dev.runbook.app;

import dev.runbook.cli.ApproveCommand;
import dev.runbook.cli.CheckCommand;
import dev.runbook.cli.CompleteParamsCommand;
import dev.runbook.cli.CompletionCommand;
import dev.runbook.cli.ExecCommand;
import dev.runbook.cli.ImportCommand;
import dev.runbook.cli.InitCommand;
import dev.runbook.cli.WrapperCommand;
import dev.runbook.cli.ListCommand;
import dev.runbook.cli.NewCommand;
import dev.runbook.cli.PlanCommand;
import dev.runbook.cli.ProblemPrinter;
import dev.runbook.cli.ReportCommand;
import dev.runbook.cli.ResumeCommand;
import dev.runbook.cli.RunsCommand;
import dev.runbook.cli.ShowCommand;
import dev.runbook.cli.SubmitCommand;
import dev.runbook.cli.ServeCommand;
import dev.runbook.cli.TestCommand;
import dev.runbook.cli.ToolVersion;
import dev.runbook.diag.RunbookProblemsException;
import dev.runbook.journal.JournalException;
import dev.runbook.repl.ReplCommand;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The command tree of the CLI; {@code runbook completion} generates the shell completion from it. The one place that
 * lists both the one-shot commands ({@code dev.runbook.cli}) and the REPL's command ({@code dev.runbook.repl}), which
 * do not know each other (docs/architecture.md).
 */
@Command(name = "runbook", mixinStandardHelpOptions = true, versionProvider = RunbookCli.Version.class,
        description = "Executable incident runbooks as code.",
        subcommands = {CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 succeeded, 1 the runbook failed, 2 bad input, 3 aborted by the operator, 4 journal or environment error (a lock held by another run, too)."})
public final class RunbookCli implements Runnable {
    private final Io io;

    /** The command line this object was registered in: its usage lists the subcommands (a fresh one would not). */
    @Spec
    CommandSpec spec;

    RunbookCli(Io io) {
        this.io = io;
    }

    @Override
    public void run() {
        spec.commandLine().usage(io.out());
    }

    /** Runs one command line and returns its exit code; never exits the JVM. */
    public static int run(Io io, String... args) {
        CommandLine cl = commandLine(io, args);
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // outside a step (the runbook's own top-level code): the journal, if the run had one, has no end and the
            // run can be resumed; a step's is caught by the engine, which ends the run failed
            io.err().println("runbook: " + dev.runbook.engine.OutOfMemory.message());
            return ExitCodes.ENVIRONMENT;
        }
    }

    /** The subcommands, in the order {@code runbook --help} lists them. */
    private static final Map<String, Function<Io, Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Function<Io, Object>> subcommands() {
        Map<String, Function<Io, Object>> m = new LinkedHashMap<>();
        m.put("exec", ExecCommand::new);
        m.put("plan", PlanCommand::new);
        m.put("check", CheckCommand::new);
        m.put("approve", ApproveCommand::new);
        m.put("repl", ReplCommand::new);
        m.put("completion", CompletionCommand::new);
        m.put("runs", RunsCommand::new);
        m.put("show", ShowCommand::new);
        m.put("resume", ResumeCommand::new);
        m.put("report", ReportCommand::new);
        m.put("serve", ServeCommand::new);
        m.put("submit", SubmitCommand::new);
        m.put("test", TestCommand::new);
        m.put("init", InitCommand::new);
        m.put("wrapper", WrapperCommand::new);
        m.put("new", NewCommand::new);
        m.put("import", ImportCommand::new);
        m.put("list", ListCommand::new);
        m.put("__complete-params", CompleteParamsCommand::new); // hidden: for the shell's -p completion
        return m;
    }

    /**
     * The command tree for these arguments. When the first argument names a subcommand, only that one is
     * registered: picocli builds each command's model by reflection (annotation proxies, generic signatures), and
     * building all ten cost about 20 ms of every start. Help, unknown commands and {@code completion} get the whole tree.
     */
    static CommandLine commandLine(Io io, String... args) {
        CommandLine cl = new CommandLine(new RunbookCli(io));
        String first = args.length > 0 ? args[0] : "";
        boolean onlyFirst = SUBCOMMANDS.containsKey(first) && !first.equals("completion");
        SUBCOMMANDS.forEach((name, command) -> {
            if (!onlyFirst || name.equals(first)) cl.addSubcommand(name, command.apply(io));
        });
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(io, ex));
        cl.setParameterExceptionHandler((ex, unmatched) -> {
            io.err().println("runbook: " + ex.getMessage());
            io.err().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.BAD_INPUT;
        });
        return cl;
    }

    /** No stack traces for people: what went wrong, and the exit code that says what kind of wrong. */
    static int handle(Io io, Exception ex) {
        // SIGTERM or SIGHUP: the run said why it ends; what breaks while the process exits (the REPL's terminal,
        // closed so that it gets its settings back) is not an error to report
        if (io.terminating()) return ExitCodes.ABORTED;
        if (ex instanceof RunbookProblemsException p) {
            ProblemPrinter.print(io.err(), p.problems());
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof dev.runbook.diag.RunRefusedException r) {
            ProblemPrinter.print(io.err(), r.problems());
            return ExitCodes.ABORTED;
        }
        if (ex instanceof dev.runbook.journal.LockBusyException busy) {
            io.err().println("runbook: " + busy.getMessage());
            io.err().println("Wait for that run to finish, or queue behind it: --wait 5m");
            return ExitCodes.ENVIRONMENT;
        }
        if (ex instanceof dev.runbook.journal.RunOwnedException owned) {
            io.err().println("runbook: " + owned.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
        if (ex instanceof JournalException j) {
            io.err().println("runbook: journal error: " + j.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
        io.err().println("runbook: internal error: " + ex);
        if (io.env().containsKey("RUNBOOK_DEBUG")) ex.printStackTrace(io.err());
        else io.err().println("(set RUNBOOK_DEBUG=1 to see the stack trace)");
        return ExitCodes.ENVIRONMENT;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"runbook " + ToolVersion.get() + " (commit " + ToolVersion.commit() + ", Groovy " + org.codehaus.groovy.util.ReleaseInfo.getVersion()
                    + ", Java " + Runtime.version().feature() + ")"};
        }
    }
}
