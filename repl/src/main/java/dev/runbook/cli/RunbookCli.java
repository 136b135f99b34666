package dev.runbook.cli;

import dev.runbook.diag.RunbookProblemsException;
import dev.runbook.journal.JournalException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

/** The command tree of the CLI; {@code runbook completion} generates the shell completion from it. */
@Command(name = "runbook", mixinStandardHelpOptions = true, versionProvider = RunbookCli.Version.class,
        description = "Executable incident runbooks as code.",
        subcommands = {CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 succeeded, 1 the runbook failed, 2 bad input, 3 aborted by the operator, 4 journal or environment error."})
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
        CommandLine cl = commandLine(io);
        return cl.execute(args);
    }

    static CommandLine commandLine(Io io) {
        CommandLine cl = new CommandLine(new RunbookCli(io));
        cl.addSubcommand("exec", new ExecCommand(io));
        cl.addSubcommand("plan", new PlanCommand(io));
        cl.addSubcommand("check", new CheckCommand(io));
        cl.addSubcommand("approve", new ApproveCommand(io));
        cl.addSubcommand("repl", new ReplCommand(io));
        cl.addSubcommand("completion", new CompletionCommand(io));
        cl.addSubcommand("runs", new RunsCommand(io));
        cl.addSubcommand("show", new ShowCommand(io));
        cl.addSubcommand("resume", new ResumeCommand(io));
        cl.addSubcommand("report", new ReportCommand(io));
        cl.addSubcommand("submit", new SubmitCommand(io));
        cl.addSubcommand("test", new TestCommand(io));
        cl.addSubcommand("init", new InitCommand(io));
        cl.addSubcommand("new", new NewCommand(io));
        cl.addSubcommand("list", new ListCommand(io));
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(io, ex));
        cl.setParameterExceptionHandler((ex, args) -> {
            io.err().println("runbook: " + ex.getMessage());
            io.err().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.BAD_INPUT;
        });
        return cl;
    }

    /** No stack traces for people: what went wrong, and the exit code that says what kind of wrong. */
    static int handle(Io io, Exception ex) {
        if (ex instanceof RunbookProblemsException p) {
            ProblemPrinter.print(io.err(), p.problems());
            return ExitCodes.BAD_INPUT;
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

    static String version() {
        Properties p = new Properties();
        try (InputStream in = RunbookCli.class.getResourceAsStream("version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // fall back to "dev"
        }
        return p.getProperty("version", "dev");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"runbook " + version() + " (Groovy " + org.codehaus.groovy.util.ReleaseInfo.getVersion()
                    + ", Java " + Runtime.version().feature() + ")"};
        }
    }
}
