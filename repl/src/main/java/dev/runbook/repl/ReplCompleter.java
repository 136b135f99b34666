package dev.runbook.repl;

import org.jline.reader.impl.completer.FileNameCompleter;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.List;

/**
 * Tab completion from the REPL's picocli command tree: command names, then each argument by its label (STEP: the
 * runbook's steps, NAME: its params, FILE: files, COMMAND: commands) and options; in Groovy lines,
 * {@link GroovyCompletion}'s.
 */
final class ReplCompleter implements Completer {
    private final CommandSpec tree;
    private final RunDriver driver;
    private final GroovyCompletion groovy;
    private final Runnable beforeCompleting;
    private final Completer files = new FileNameCompleter();

    /** @param beforeCompleting runs first (the REPL takes in a runbook still loading: its names are candidates) */
    ReplCompleter(CommandSpec tree, RunDriver driver, GroovyEvaluator groovy, Runnable beforeCompleting) {
        this.tree = tree;
        this.driver = driver;
        this.groovy = new GroovyCompletion(driver, groovy);
        this.beforeCompleting = beforeCompleting;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        beforeCompleting.run();
        List<String> words = line.words();
        CommandSpec command = line.wordIndex() > 0 && tree.subcommands().containsKey(words.get(0))
                ? tree.subcommands().get(words.get(0)).getCommandSpec() : null;
        if (command == null) {
            if (line.wordIndex() == 0) {
                for (String name : tree.subcommands().keySet()) candidates.add(new Candidate(name, name, "commands", null, null, null, true));
            }
            // the REPL's parser gives a Groovy line's word whole (steps['gate h); another parser's word is found again
            String word = line instanceof GroovyCompletion.Word w ? w.word() : GroovyCompletion.wordAt(line.line(), line.cursor()).word();
            groovy.complete(word, candidates);
            return;
        }
        if (line.word().startsWith("-")) {
            for (OptionSpec o : command.options()) for (String n : o.names()) candidates.add(new Candidate(n));
            return;
        }
        switch (labelAt(command, line.wordIndex() - 1)) {
            case "STEP" -> driver.nodeNames().forEach(n -> candidates.add(new Candidate(n, n, "steps", null, null, null, true)));
            case "NAME" -> driver.paramNames().forEach(n -> candidates.add(new Candidate(n, n, "params", null, null, null, true)));
            case "FILE" -> files.complete(reader, line, candidates);
            case "COMMAND" -> tree.subcommands().keySet().forEach(n -> candidates.add(new Candidate(n)));
            default -> { }
        }
    }

    /** The label of the positional parameter at {@code index} (a STEP list takes every position). */
    private static String labelAt(CommandSpec command, int index) {
        for (PositionalParamSpec p : command.positionalParameters()) {
            if (p.index().contains(index)) return p.paramLabel();
        }
        return "";
    }
}
