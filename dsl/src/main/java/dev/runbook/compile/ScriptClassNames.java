package dev.runbook.compile;

import dev.runbook.lang.RunbookScript;
import dev.runbook.lang.TeamScript;

import java.util.HashSet;
import java.util.Set;

/** The class name a runbook or team file compiles to: its file name, unless that name would break the script. */
final class ScriptClassNames {
    private ScriptClassNames() {}

    /**
     * The file's name names the script's class. A class named {@code secrets}, {@code params}, {@code env} or
     * {@code run} shadows what a step body reads by that name (it checked, and failed as it ran), and one named
     * {@code double} or {@code int} made bytecode the JVM refuses ("Bad type on operand stack"): such a file is
     * compiled under another name. Messages still name the file as given.
     */
    static String of(String fileName) {
        String base = fileName.substring(0, fileName.length() - ".groovy".length());
        return RESERVED.contains(base) || SCOPE_NAMES.contains(base) ? "runbook_" + fileName : fileName;
    }

    private static final Set<String> RESERVED = Set.of("abstract", "as", "assert", "boolean", "break", "byte", "case", "catch",
            "char", "class", "const", "continue", "def", "default", "do", "double", "else", "enum", "extends", "false", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "in", "instanceof", "int", "interface", "long",
            "native", "new", "non-sealed", "null", "package", "permits", "private", "protected", "public", "record", "return",
            "sealed", "short", "static", "strictfp", "super", "switch", "synchronized", "this", "threadsafe", "throw", "throws",
            "trait", "transient", "true", "try", "var", "void", "volatile", "while", "yields", "yield");

    /** What a step body, the runbook body or the team file can read by a bare name: getters and methods alike. */
    private static final Set<String> SCOPE_NAMES = scopeNames();

    private static Set<String> scopeNames() {
        Set<String> names = new HashSet<>(Set.of("params", "secrets", "env", "run", "steps", "workdir", "script", "binding",
                "out", "args", "runbook", "team", "Duration", "this"));
        for (Class<?> c : new Class<?>[]{dev.runbook.lang.StepScopeApi.class, RunbookScript.class, TeamScript.class}) {
            for (java.lang.reflect.Method m : c.getMethods()) {
                String n = m.getName();
                names.add(n);
                if (n.startsWith("get") && n.length() > 3 && m.getParameterCount() == 0) {
                    names.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
                }
            }
        }
        return Set.copyOf(names);
    }
}
