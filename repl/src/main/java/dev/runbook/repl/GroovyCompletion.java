package dev.runbook.repl;

import dev.runbook.engine.RunSession;
import dev.runbook.engine.StepResult;
import org.jline.reader.Candidate;
import org.jline.reader.CompletingParsedLine;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tab in a Groovy line: the names a step has and the variables defined at the prompt; after a dot, the members of
 * {@code params}, {@code run}, an integration, a step's result ({@code steps['Drain'].}) or a variable's value
 * ({@code r = steps['Drain']; r.}); inside {@code steps["} or {@code steps['}, the step names, with the quote and the
 * bracket closed.
 */
final class GroovyCompletion {
    private static final List<String> SCOPE_NAMES = List.of("sh", "log", "fail", "params", "env", "secrets", "run",
            "workdir", "runbookDir", "steps");
    private static final Set<String> OBJECT_METHODS = Set.of("getMetaClass", "setMetaClass", "invokeMethod", "getProperty",
            "setProperty", "equals", "hashCode", "toString", "getClass", "notify", "notifyAll", "wait", "call");
    private static final String NAME = "[A-Za-z_$][\\w$]*";
    private static final String KEY = "\\[\\s*(?:\"[^\"]*\"|'[^']*')\\s*\\]";
    /** {@code steps["Dra} at the end of the text before the cursor: the quote, and what is typed of the name. */
    private static final Pattern STEP_KEY = Pattern.compile("\\bsteps\\[\\s*([\"'])([^\"']*)$");
    /** {@code owner.mem} at the end: the owner a name followed by keys and members, e.g. {@code steps['x'].st}. */
    private static final Pattern MEMBER = Pattern.compile("(" + NAME + "(?:" + KEY + "|\\." + NAME + ")*)\\.([\\w$]*)$");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_$][\\w$]*$");
    private static final Pattern STEP_RESULT = Pattern.compile("steps" + KEY);

    private final RunDriver driver;
    private final GroovyEvaluator groovy;
    private final Map<String, List<String>> methodsByIntegration = new ConcurrentHashMap<>();

    GroovyCompletion(RunDriver driver, GroovyEvaluator groovy) {
        this.driver = driver;
        this.groovy = groovy;
    }

    /** The Groovy word before the cursor, as the line to complete: its candidates replace it whole, unescaped. */
    static Word wordAt(String line, int cursor) {
        String before = line.substring(0, Math.min(cursor, line.length()));
        for (Pattern p : List.of(STEP_KEY, MEMBER, WORD)) {
            Matcher m = p.matcher(before);
            if (m.find()) return new Word(line, cursor, before.substring(m.start()), before.substring(0, m.start()).isBlank());
        }
        return new Word(line, cursor, "", before.isBlank());
    }

    /** The candidates for {@code word} (the whole Groovy word before the cursor). */
    void complete(String word, List<Candidate> candidates) {
        Matcher key = STEP_KEY.matcher(word);
        if (key.find()) {
            String quote = key.group(1);
            String head = word.substring(0, key.start(1));
            for (String n : driver.nodeNames()) {
                if (n.contains(quote)) continue; // a name holding this quote cannot go between them
                candidates.add(new Candidate(head + quote + n + quote + "]", n, "steps", null, null, null, false));
            }
            return;
        }
        Matcher member = MEMBER.matcher(word);
        if (member.matches()) {
            String owner = member.group(1);
            for (String m : members(owner)) candidates.add(new Candidate(owner + "." + m, m, null, null, null, null, false));
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
        if (STEP_RESULT.matcher(owner).matches()) return properties(StepResult.class);
        if (groovy.variables().contains(owner)) {
            Object value = groovy.variable(owner);
            if (value instanceof Map<?, ?> map) return map.keySet().stream().map(String::valueOf).sorted().toList();
            return value == null ? List.of() : properties(value.getClass());
        }
        if (driver.integrationNames().contains(owner)) return methodsByIntegration.computeIfAbsent(owner, this::integrationMethods);
        return List.of();
    }

    /** What a value offers after a dot: its properties (read through getters) and its other public methods. */
    private static List<String> properties(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic() || OBJECT_METHODS.contains(m.getName())
                    || m.getName().startsWith("$") || m.getName().startsWith("super$")) continue;
            String n = m.getName();
            if (m.getParameterCount() == 0 && n.length() > 3 && n.startsWith("get") && Character.isUpperCase(n.charAt(3))) {
                names.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
            } else if (m.getParameterCount() == 0 && n.length() > 2 && n.startsWith("is") && Character.isUpperCase(n.charAt(2))) {
                names.add(Character.toLowerCase(n.charAt(2)) + n.substring(3));
            } else {
                names.add(n);
            }
        }
        return new ArrayList<>(names);
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

    /**
     * A Groovy line at Tab: the word is the expression before the cursor; candidates go in as they are (JLine's
     * parser would escape the space in {@code steps['gate health']}).
     *
     * @param first the word is the line's first (commands are candidates too)
     */
    record Word(String line, int cursor, String word, boolean first) implements CompletingParsedLine {
        @Override public int wordCursor() { return word.length(); }
        @Override public int wordIndex() { return first ? 0 : 1; }
        @Override public List<String> words() { return first ? List.of(word) : List.of("", word); }
        @Override public CharSequence escape(CharSequence candidate, boolean complete) { return candidate; }
        @Override public int rawWordCursor() { return word.length(); }
        @Override public int rawWordLength() { return word.length(); }
    }
}
