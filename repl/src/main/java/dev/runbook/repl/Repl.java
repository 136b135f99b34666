package dev.runbook.repl;

import dev.runbook.compile.RunbookCompiler;
import dev.runbook.console.Style;
import dev.runbook.engine.Integrations;
import dev.runbook.engine.RunOptions;
import dev.runbook.engine.RunSession;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The incident REPL: a JLine prompt that shows the runbook, the next step and the state; the commands of
 * {@link ReplCommands}; any other line is Groovy run in the run's context. Ctrl-C stops what runs (or clears the
 * line) and never exits; Ctrl-D exits, asking first when a run is in progress.
 */
public final class Repl {
    /**
     * @param history the file that keeps the lines typed, across sessions; null keeps none
     */
    public record Settings(Style style, RunOptions options, Path teamFile, Path history, RunbookCompiler compiler,
                           Integrations integrations, ClassLoader loader) {}

    /** A line journaled as {@code repl.eval} failed: the error, not the line again. */
    static final String REPL_EVAL_FAILED = PromptLines.REPL_EVAL_FAILED;
    /** The widget that shows a runbook loaded in the background above the prompt (see {@link #loadInBackground}). */
    private static final String SHOW_LOADED = "runbook-show-loaded";
    /** Lines that do not wait for a runbook still loading: leaving, and reading help or history, need none. */
    private static final Set<String> NEED_NO_RUNBOOK = Set.of("exit", "quit", "help", "history");

    private final Terminal terminal;
    private final boolean dumb;
    /** Someone types at this terminal (a system terminal, dumb or not), as opposed to lines piped in. */
    private final boolean typedAt;
    private final DivertableOutput output;
    private final PrintStream out;
    private final Style style;
    private final RunDriver driver;
    private final RunViews views;
    private final RunReentry reentry;
    private final GroovyEvaluator groovy;
    private final CommandLine commands;
    private final LineReader reader;
    private volatile boolean busy;
    /** Ctrl-C pressed while a line was handled: one during a line's compile means it must not run. */
    private final java.util.concurrent.atomic.AtomicInteger interruptsWhileBusy = new java.util.concurrent.atomic.AtomicInteger();
    /** The reader waits for a command line (not an answer to a question). */
    private volatile boolean atPrompt;
    /** The thread in {@link #run}: woken when a background load breaks while it waits at the prompt. */
    private volatile Thread replThread;
    private boolean exitRequested;
    private final ErrorTrace trace = new ErrorTrace();
    private final PromptLines lines;
    private final Pager pager;
    /** The question at which the input ended; null while there is input. */
    private volatile String inputEndedAt;
    private final Asker asker = new Asker() {
        @Override public String ask(String prompt, java.util.function.BooleanSupplier stop) { return Repl.this.ask(prompt, stop); }
        @Override public String endedAt() { return inputEndedAt; }
    };

    public Repl(Terminal terminal, Settings settings) {
        this.terminal = terminal;
        this.dumb = Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        this.typedAt = terminal instanceof org.jline.terminal.spi.TerminalExt t && t.getSystemStream() != null;
        this.output = new DivertableOutput(terminal.output());
        this.out = new PrintStream(output, true, StandardCharsets.UTF_8);
        this.style = settings.style();
        this.groovy = new GroovyEvaluator(settings.loader());
        this.driver = new RunDriver(out, style, settings.compiler(), settings.integrations(), settings.options(),
                settings.teamFile(), asker, () -> driver().session().ifPresent(RunSession::interruptByHand));
        this.views = new RunViews(driver, out, style);
        this.reentry = new RunReentry(driver, settings.compiler());
        this.lines = new PromptLines(driver, groovy, out, style, interruptsWhileBusy);
        this.pager = new Pager(terminal, out, dumb);
        this.commands = ReplCommands.tree(new ReplCommands(this, driver, new Stepping(driver, out, style, asker), views,
                out, style));
        commands.setExecutionExceptionHandler((ex, cl, parsed) -> {
            trace.failed(ex);
            if (ex instanceof dev.runbook.journal.JournalException j) {
                driver.journalFailed(j);
                return 1;
            }
            out.println(style.red("✗ ") + cl.getCommandName() + ": " + ex + style.dim("  (trace shows the stack trace)"));
            return 1;
        });
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("runbook")
                .parser(new ReplParser(commands.getSubcommands().keySet()))
                .completer(new ReplCompleter(commands.getCommandSpec(), driver, groovy, this::takeLoadWhileReading))
                .highlighter(new GroovyHighlighter(commands.getSubcommands().keySet(), style.enabled()))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%M... ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is Groovy's not, not history
                .option(LineReader.Option.HISTORY_TIMESTAMPED, false);
        if (settings.history() != null) builder.variable(LineReader.HISTORY_FILE, settings.history());
        this.reader = builder.build();
        // a background load done before a prompt is drawn is shown before it; one done while at the prompt, above it
        reader.getWidgets().put(LineReader.CALLBACK_INIT, () -> {
            if (atPrompt && driver.loaded()) {
                driver.finishLoading(); // readLine calls this before it draws the prompt: printed as usual
                out.flush();
                ((LineReaderImpl) reader).setPrompt(views.prompt());
            }
            return true;
        });
        reader.getWidgets().put(SHOW_LOADED, () -> {
            if (atPrompt && driver.loaded()) takeLoadWhileReading();
            return true;
        });
        terminal.handle(Terminal.Signal.INT, signal -> interrupt());
    }

    /**
     * Loads a runbook while the operator already has the prompt: the prompt says {@code [loading FILE]}, the file
     * compiles on another thread, and the REPL takes it in as soon as it is done (shown above the prompt) or when a
     * line needs it (which waits for it). Leaving before then does not wait.
     */
    public void loadInBackground(Path file, Map<String, String> params) {
        driver.loadInBackground(file, params, this::loadedInBackground);
    }

    /** On the loading thread: show the runbook now if the operator sits at the prompt; otherwise a line takes it in. */
    private void loadedInBackground() {
        if (driver.loadBroke()) {
            // the REPL's thread reports it and ends; at the prompt it waits for a key, so wake it as Ctrl-C would
            Thread reading = replThread;
            if (reading != null && atPrompt) reading.interrupt();
            return;
        }
        // piped lines: the next line shows it. A person at a dumb terminal (TERM=dumb) sees it at once, under the prompt,
        // with the prompt again below it (a dumb terminal cannot go back up to redraw it)
        if ((dumb && !typedAt) || !atPrompt) return;
        try {
            reader.callWidget(SHOW_LOADED); // runs under the reader's lock, so never beside a key being handled
        } catch (IllegalStateException notReading) {
            // between two lines: the next prompt's CALLBACK_INIT or the next line takes it in
        }
    }

    /**
     * Takes in a background load while the reader is reading (in a widget or the completer, under its lock): what
     * loading prints goes above the prompt, and the prompt becomes the runbook's. Waits for the load if needed
     * (completion needs the step and param names).
     */
    private void takeLoadWhileReading() {
        if (!driver.loading()) return;
        if ((dumb && !typedAt) || !reader.isReading()) {
            driver.finishLoading();
            return;
        }
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        out.flush();
        output.divertTo(shown);
        try {
            driver.finishLoading();
            out.flush();
        } finally {
            output.divertTo(null);
        }
        ((LineReaderImpl) reader).setPrompt(views.prompt());
        if (shown.size() > 0) reader.printAbove(shown.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@code runbook repl --run RUN}: goes back into a run that crashed, was stopped or failed, before the first prompt.
     *
     * @return 0, or the exit code to leave with when the run cannot be re-entered (said why)
     */
    public int reenter(String run) {
        int code = reentry.reenter(run);
        out.flush();
        return code;
    }

    RunReentry reentry() { return reentry; }

    public RunDriver driver() { return driver; }
    LineReader reader() { return reader; }
    Asker asker() { return asker; }
    Pager pager() { return pager; }

    /** Ctrl-C while something runs: stop it (its commands are killed) and come back to the prompt. */
    public void interrupt() {
        if (!busy) return;
        interruptsWhileBusy.incrementAndGet();
        driver.session().ifPresentOrElse(RunSession::interruptByHand, lines::interruptAlone);
    }

    /** SIGTERM or SIGHUP: the process ends; a run in progress journals why and its commands are killed. */
    public void terminate(String signal) {
        driver.session().ifPresent(s -> s.terminate(signal));
    }

    /** Reads and runs lines until exit or end of input; returns the exit code of {@code runbook repl}. */
    public int run() {
        replThread = Thread.currentThread();
        out.println(style.bold("runbook REPL") + style.dim(" — help lists the commands; any other line is Groovy; Ctrl-D leaves"));
        try {
            while (!exitRequested) {
                String line;
                atPrompt = true;
                try {
                    if (driver.loadBroke()) driver.finishLoading(); // throws what broke it
                    line = reader.readLine(views.prompt());
                } catch (UserInterruptException e) {
                    if (driver.loadBroke()) driver.finishLoading(); // woken by the load that broke, not by Ctrl-C
                    continue; // Ctrl-C at the prompt clears the line
                } catch (EndOfFileException e) {
                    if (!driver.inProgress() || ask("A run is in progress; abort it and exit? [y/N] ", true)) break;
                    continue;
                } finally {
                    atPrompt = false;
                }
                handle(line);
                if (inputEndedAt != null) return endOfInput();
            }
        } catch (RunbookLoading.Broken e) {
            out.println(style.red("✗ ") + "runbook: " + e.getMessage());
            out.flush();
            return dev.runbook.term.ExitCodes.ENVIRONMENT;
        } finally {
            replThread = null;
        }
        return driver.closeRun("exited");
    }

    /** Runs one line: a command of the tree, or Groovy. */
    public void handle(String line) {
        String text = line.strip();
        if (text.isEmpty()) return;
        String first = LineKind.firstWord(text);
        if (!NEED_NO_RUNBOOK.contains(first)) driver.finishLoading();
        busy = true;
        try {
            if (LineKind.isCommand(text, commands.getSubcommands().keySet())) {
                List<String> words = reader.getParser().parse(text, text.length(), Parser.ParseContext.SPLIT_LINE).words()
                        .stream().filter(w -> !w.isEmpty()).map(Repl::unquoted).toList();
                commands.execute(words.toArray(String[]::new));
            } else if (lines.evaluate(text)) {
                offerToLeave();
            }
        } finally {
            trace.afterLine(driver.session().orElse(null), groovy.lastError());
            busy = false;
            out.flush();
        }
    }

    /**
     * A command word as the operator meant it: Tab inserts a step name with its spaces escaped ({@code gate\ health}),
     * and a name may be typed in quotes ({@code "gate health"}); the parser leaves both as typed.
     */
    static String unquoted(String word) {
        String w = word;
        if (w.length() >= 2 && (w.charAt(0) == '"' || w.charAt(0) == '\'') && w.charAt(w.length() - 1) == w.charAt(0)) {
            return w.substring(1, w.length() - 1);
        }
        return w.replaceAll("\\\\(.)", "$1");
    }

    /**
     * The input ended at a question (a pipe that ran dry): nobody is left to answer it, so the session ends here and a
     * run in progress ends as aborted.
     */
    private int endOfInput() {
        String why = "end of input at the question '" + Asker.named(inputEndedAt) + "'";
        out.println(style.red("✗ ") + why + ": nobody is left to answer; the session ends"
                + (driver.session().isPresent() ? " and the run is aborted" : ""));
        driver.closeRun(why);
        return dev.runbook.term.ExitCodes.ABORTED;
    }

    /** A line that ignores Ctrl-C cannot be stopped from inside the JVM: say so, and offer the way out that stops it. */
    private void offerToLeave() {
        out.println(style.red("✗ ") + "the line ignores the interrupt and still runs (a loop keeps a core busy) until it ends or the REPL exits.");
        if (asker.yes("Leave the REPL now (a run in progress ends as aborted)?", true)) exitRequested = true;
        else out.println("Staying; exit leaves (and stops the line) when you are ready.");
    }

    void requestExit() {
        if (driver.inProgress() && !asker.yes("A run is in progress; abort it and exit?", true)) return;
        exitRequested = true;
    }

    void printHistory() {
        int n = 0;
        for (History.Entry e : reader.getHistory()) out.println(String.format("%4d  %s", ++n, e.line()));
    }

    void printTrace(boolean all) {
        trace.print(out, style, all, text -> driver.session().map(s -> s.redact(text)).orElse(text));
    }

    void printHelp(String command) {
        if (command != null && commands.getSubcommands().containsKey(command)) {
            commands.getSubcommands().get(command).usage(out);
            return;
        }
        for (var e : commands.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName())) continue; // aliases once
            String[] d = e.getValue().getCommandSpec().usageMessage().description();
            out.println(String.format("  %-9s %s", e.getKey(), d.length == 0 ? "" : d[0]));
        }
        out.println("  Any other line is Groovy, run like a step body: params, env, run, sh, http, every integration,");
        out.println("  steps['NAME'].stdout. Variables persist between lines. Tab completes; unclosed { continues the line.");
    }

    /**
     * Asks at the prompt; null on Ctrl-C, at the end of input (remembered in {@link #inputEndedAt}), or once {@code stop}
     * says so: a watcher checks it every 100 ms and interrupts the reading thread, which JLine takes as Ctrl-C would be.
     * Answers stay out of the history.
     */
    String ask(String prompt, java.util.function.BooleanSupplier stop) {
        if (inputEndedAt != null) return null; // an input that ended does not come back
        Thread reading = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watcher = Thread.ofVirtual().start(() -> {
            try {
                while (!stop.getAsBoolean()) Thread.sleep(100);
                stopped.set(true);
                reading.interrupt();
            } catch (InterruptedException answered) {
                // the operator answered first
            }
        });
        reader.variable(LineReader.DISABLE_HISTORY, true);
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            return null;
        } catch (EndOfFileException e) {
            inputEndedAt = prompt;
            return null;
        } finally {
            watcher.interrupt();
            try {
                watcher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (stopped.get()) {
                Thread.interrupted(); // our own wake-up, not the operator's: the run goes on
                out.println();
            }
            reader.variable(LineReader.DISABLE_HISTORY, false);
        }
    }

    /**
     * A yes/no question whose default is no. Ctrl-C says no (the operator stays in the session); the end of input
     * gives {@code atEnd}, since nobody is left to answer.
     */
    private boolean ask(String question, boolean atEnd) {
        String answer;
        reader.variable(LineReader.DISABLE_HISTORY, true);
        try {
            answer = reader.readLine(question);
        } catch (UserInterruptException e) {
            return false;
        } catch (EndOfFileException e) {
            return atEnd;
        } finally {
            reader.variable(LineReader.DISABLE_HISTORY, false);
        }
        answer = answer.strip().toLowerCase(java.util.Locale.ROOT);
        return answer.equals("y") || answer.equals("yes");
    }
}
