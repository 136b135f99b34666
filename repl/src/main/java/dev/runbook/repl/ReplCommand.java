package dev.runbook.repl;

import dev.runbook.engine.Integrations;
import dev.runbook.engine.RunOptions;
import dev.runbook.journal.RunStore;
import dev.runbook.term.Compilers;
import dev.runbook.term.Io;
import dev.runbook.term.Journals;
import dev.runbook.term.RunPlaceOptions;
import dev.runbook.term.Styles;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code runbook repl}: opens the run store and the terminal and starts a {@link Repl} on them. Ctrl-C and SIGTERM/SIGHUP
 * go to the REPL, not to a run: its run changes with the file loaded, and Ctrl-C never leaves it. (The CLI's command tree
 * lists this command beside the others; see docs/architecture.md.)
 */
@Command(name = "repl", description = "Step through a runbook at a prompt, with Groovy at hand (help lists the commands).",
        mixinStandardHelpOptions = true)
public final class ReplCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the runbook file to load")
    Path file;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "a param value; repeat for each")
    Map<String, String> params = new LinkedHashMap<>();

    @Mixin
    RunPlaceOptions place = new RunPlaceOptions();

    @Option(names = "--run", paramLabel = "RUN", description = "go back into a run that crashed, was stopped or failed "
            + "(its id, or a unique start of it), with its params and finished steps")
    String run;

    @Option(names = "--team", paramLabel = "FILE", description = "the team file (default: found beside the runbook or above it)")
    Path teamFile;

    @Option(names = "--history", paramLabel = "FILE", description = "where the lines typed are kept "
            + "(default: $RUNBOOK_HISTORY, else ~/.runbook/history; piped lines are kept only with this option)")
    Path history;

    /**
     * The system terminal, being built on a thread of its own since {@link #buildTerminalAhead}; null when nobody
     * started it (specs, the start-up cache's training, piped input).
     */
    private static volatile CompletableFuture<Terminal> terminalAhead;

    public ReplCommand(Io io) {
        this.io = io;
    }

    /**
     * Starts building the system terminal now, while the main thread parses the command line and builds the REPL: its
     * native library's loading (or, with the exec provider, its forks of {@code stty} and {@code tty}) overlaps the main
     * thread's work instead of following it (bench/README.md, "The REPL's first prompt"). For {@code runbook repl} on
     * a terminal only; called once, by {@code app.Main}.
     */
    public static void buildTerminalAhead() {
        CompletableFuture<Terminal> ahead = new CompletableFuture<>();
        terminalAhead = ahead;
        Thread t = new Thread(() -> {
            try {
                ahead.complete(systemTerminal());
            } catch (Throwable e) { // given to whoever takes it: call() reports it as it would its own
                ahead.completeExceptionally(e);
            }
        }, "runbook-terminal");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public Integer call() throws IOException {
        if (file != null && run != null) {
            io.err().println("runbook: repl takes FILE or --run RUN, not both (a run knows its file)");
            return dev.runbook.term.ExitCodes.BAD_INPUT;
        }
        if (run != null && !params.isEmpty()) {
            io.err().println("runbook: --run goes on with the run's own params; change one at the prompt with set NAME VALUE");
            return dev.runbook.term.ExitCodes.BAD_INPUT;
        }
        try (RunStore store = Journals.open(io, place.journal())) {
            return run(store);
        }
    }

    private int run(RunStore store) throws IOException {
        RunOptions options = place.applyTo(RunOptions.defaults(params).withEnvironment(io.env()).withStore(store));
        Path historyFile = historyFile();
        if (historyFile != null && historyFile.getParent() != null) Files.createDirectories(historyFile.getParent());
        try (Terminal terminal = terminal()) {
            Repl repl = new Repl(terminal, new Repl.Settings(Styles.of(io), options, teamFile, historyFile, Compilers.of(io),
                    Integrations.discover(ReplCommand.class.getClassLoader()), ReplCommand.class.getClassLoader()));
            // Ctrl-C never leaves the REPL: it stops what runs, and at the prompt JLine clears the line
            io.onInterrupt(() -> {
                repl.interrupt();
                return 1;
            });
            io.onTerminate(signal -> {
                repl.terminate(signal);
                closeQuietly(terminal); // the CLI halts next: give the terminal its settings back first
            });
            if (file != null) repl.loadInBackground(file, params); // the prompt comes first; see Repl.loadInBackground
            if (run != null) {
                int refused = repl.reenter(run);
                if (refused != 0) return refused;
            }
            return repl.run();
        } finally {
            io.onInterrupt(null);
            io.onTerminate(null);
        }
    }

    /** The real terminal when there is one; otherwise a dumb one over the CLI's streams (piped, scripted use). */
    private Terminal terminal() throws IOException {
        if (io.stdinTerminal() && io.stdoutTerminal() && io.in() == System.in) {
            CompletableFuture<Terminal> ahead = terminalAhead;
            terminalAhead = null;
            if (ahead == null) return systemTerminal();
            try {
                return ahead.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof IOException failed) throw failed;
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw e;
            }
        }
        // the exec provider's terminal over the streams (JLine's line discipline in Java): the JNI provider, first in
        // JLine's order, would put a pseudo-terminal between the streams and the REPL, pumped by a thread of its own,
        // and what the REPL printed last could still be in it when the REPL closes it (piped output cut short)
        Terminal t = TerminalBuilder.builder().system(false).streams(io.in(), io.out()).provider("exec").dumb(true)
                .type("dumb").build();
        t.echo(false); // piped commands: the prompt shows each line once, as read
        return t;
    }

    /**
     * JLine's JNI provider first: it asks the kernel (isatty, tcgetattr, TIOCGWINSZ) where the exec provider forks
     * {@code test}, {@code tty} and {@code stty} for each question, a dozen processes before the first prompt. Where its
     * native library cannot be loaded (a platform jline-native has none for; started without the launcher, which points
     * JLine to lib/native, jline-native unpacks it into the temp folder, which may be mounted noexec) the exec provider
     * answers as it always did. Naming the provider also keeps JLine from loading and probing the others (the exec
     * provider's probe is a fork of its own).
     */
    private static Terminal systemTerminal() throws IOException {
        try {
            return TerminalBuilder.builder().system(true).name("runbook").provider("jni").dumb(false).build();
        } catch (IllegalStateException | IOException | LinkageError nativeFailed) {
            return TerminalBuilder.builder().system(true).name("runbook").provider("exec").build();
        }
    }

    /** Where the lines typed are kept; null for piped input (a script's lines are no one's history) unless --history says. */
    private Path historyFile() {
        if (history != null) return history;
        if (!io.stdinTerminal()) return null;
        String fromEnv = io.env().get("RUNBOOK_HISTORY");
        if (fromEnv != null && !fromEnv.isBlank()) return Path.of(fromEnv);
        return Path.of(io.env().getOrDefault("HOME", System.getProperty("user.home")), ".runbook", "history");
    }

    private static void closeQuietly(Terminal terminal) {
        try {
            terminal.close();
        } catch (IOException | RuntimeException ignored) {
            // the terminal may be gone already (SIGHUP)
        }
    }
}
