package dev.runbook.repl;

import dev.runbook.engine.RunSession;
import org.jline.reader.impl.completer.FileNameCompleter;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tab completion from the REPL's picocli command tree: command names, then each argument by its label (STEP: the
 * runbook's steps, NAME: its params, FILE: files, COMMAND: commands) and options; in Groovy lines, the names a
 * step has, the variables defined at the prompt, {@code params.NAME} and the methods of each integration.
 */
final class ReplCompleter implements Completer {
    private static final List<String> SCOPE_NAMES = List.of("sh", "log", "fail", "params", "env", "secrets", "run",
            "workdir", "runbookDir", "steps");
    private static final Set<String> OBJECT_METHODS = Set.of("getMetaClass", "setMetaClass", "invokeMethod", "getProperty",
            "setProperty", "equals", "hashCode", "toString", "getClass", "notify", "notifyAll", "wait", "call");

    private final CommandSpec tree;
    private final RunDriver driver;
    private final GroovyEvaluator groovy;
    private final Runnable beforeCompleting;
    private final Completer files = new FileNameCompleter();
    private final Map<String, List<String>> methodsByIntegration = new ConcurrentHashMap<>();

    /** @param beforeCompleting runs first (the REPL takes in a runbook still loading: its names are candidates) */
    ReplCompleter(CommandSpec tree, RunDriver driver, GroovyEvaluator groovy, Runnable beforeCompleting) {
        this.tree = tree;
        this.driver = driver;
        this.groovy = groovy;
        this.beforeCompleting = beforeCompleting;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        beforeCompleting.run();
        List<String> words = line.words();
        if (line.wordIndex() == 0) {
            for (String name : tree.subcommands().keySet()) candidates.add(new Candidate(name, name, "commands", null, null, null, true));
            groovyNames(line.word(), candidates);
            return;
        }
        CommandSpec command = tree.subcommands().containsKey(words.get(0)) ? tree.subcommands().get(words.get(0)).getCommandSpec() : null;
        if (command == null) {
            groovyNames(line.word(), candidates);
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

    private void groovyNames(String word, List<Candidate> candidates) {
        int dot = word.lastIndexOf('.');
        if (dot > 0) {
            String owner = word.substring(0, dot);
            for (String member : members(owner)) candidates.add(new Candidate(owner + "." + member, member, null, null, null, null, false));
            return;
        }
        Set<String> names = new TreeSet<>(SCOPE_NAMES);
        names.addAll(driver.integrationNames());
        names.addAll(groovy.variables());
        for (String n : names) candidates.add(new Candidate(n, n, "groovy", null, null, null, false));
    }

    private List<String> members(String owner) {
        if (owner.equals("params")) return driver.paramNames();
        if (owner.equals("run")) return List.of("id", "severity", "operator", "startedAt", "host");
        if (driver.integrationNames().contains(owner)) return methodsByIntegration.computeIfAbsent(owner, this::integrationMethods);
        return List.of();
    }

    /** The public methods of an integration, read from the object a step would get (created once, lazily). */
    private List<String> integrationMethods(String name) {
        RunSession session = driver.session().orElse(null);
        Object integration = null;
        try {
            if (session != null) {
                integration = session.evaluate("completion", scope -> scope.getProperty(name));
            } else {
                // no run yet (Tab must not start one): an instance without a step's context only to read its methods
                for (var p : java.util.ServiceLoader.load(dev.runbook.engine.IntegrationProvider.class, getClass().getClassLoader())) {
                    if (p.name().equals(name)) integration = p.create(null);
                }
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        if (integration == null) return List.of();
        Set<String> names = new TreeSet<>();
        for (Method m : integration.getClass().getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic() || OBJECT_METHODS.contains(m.getName())) continue;
            if (m.getName().startsWith("$") || m.getName().startsWith("super$")) continue;
            names.add(m.getName());
        }
        return new ArrayList<>(names);
    }
}
