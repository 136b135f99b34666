package dev.runbook.compile;

import dev.runbook.diag.Problem;
import dev.runbook.diag.Problems;
import dev.runbook.diag.RunbookProblemsException;
import dev.runbook.lang.DslContext;
import dev.runbook.lang.DslScript;
import dev.runbook.lang.RunbookScript;
import dev.runbook.lang.TeamScript;
import dev.runbook.model.Team;
import groovy.lang.Script;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.tools.GroovyClass;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import dev.runbook.lang.SourceIndex;
import dev.runbook.model.Runbook;
import dev.runbook.model.SourcePos;
import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns a runbook file into its immutable {@link Runbook} definition: compiles the Groovy, evaluates it (which
 * only records), and reports every problem found as {@code file:line:col: what — what instead}.
 */
public final class RunbookCompiler {
    private final ClassLoader parent;
    private final ClassCache cache;

    public RunbookCompiler() {
        this(RunbookCompiler.class.getClassLoader(), null);
    }

    public RunbookCompiler(ClassLoader parent) {
        this(parent, null);
    }

    /** @param cache where compiled runbooks are kept between runs; null compiles every time */
    public RunbookCompiler(ClassLoader parent, ClassCache cache) {
        this.parent = parent;
        this.cache = cache;
    }

    /** Reads and compiles a file; {@code file} as given is how messages name it. */
    public Runbook compile(Path file) {
        return compile(read(file), file.toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw notUtf8(file);
        } catch (NoSuchFileException e) {
            throw single(file.toString(), "no such file", "check the path; runbook files end in .groovy");
        } catch (IOException e) {
            throw single(file.toString(), "cannot read the file: " + e.getMessage(), "check its permissions");
        }
    }

    /** Where the first byte that is not UTF-8 is, as a problem: line and column of the text before it. */
    private static RunbookProblemsException notUtf8(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            var decoder = StandardCharsets.UTF_8.newDecoder();
            var in = java.nio.ByteBuffer.wrap(bytes);
            var out = java.nio.CharBuffer.allocate(bytes.length);
            decoder.decode(in, out, true);
            int bad = in.position();
            String before = new String(bytes, 0, bad, StandardCharsets.UTF_8);
            int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
            int column = before.length() - before.lastIndexOf('\n'); // the characters before it on its line, plus one
            return new RunbookProblemsException(java.util.List.of(new Problem(new SourcePos(file.toString(), line, column),
                    "the file is not UTF-8 text (byte 0x" + String.format("%02X", bytes[bad] & 0xff) + ")", "save it as UTF-8")));
        } catch (IOException | RuntimeException e) {
            return single(file.toString(), "the file is not UTF-8 text", "save it as UTF-8");
        }
    }

    /** Compiles runbook text; {@code displayPath} names it in messages. */
    public Runbook compile(String text, String displayPath) {
        return compile(text, displayPath, new java.util.LinkedHashSet<>(java.util.List.of(displayPath)));
    }

    /**
     * Compiles runbook text and the runbooks it includes, reporting the problems of both at once.
     *
     * @param chain the runbooks being compiled that include this one, and itself: an include cycle is refused
     */
    Runbook compile(String text, String displayPath, Set<String> chain) {
        Runbook runbook = evaluate(text, displayPath, RunbookScript.class, s -> ((RunbookScript) s).dsl().runbook(),
                (rb, problems) -> IncludeResolver.hasIncludes(rb) ? new IncludeResolver(this, parent).resolve(rb, chain, problems) : rb,
                "the file defines no runbook", "write runbook('my-runbook') { step('First') { sh 'echo hello' } }");
        // for shell completion after -p, which must answer without compiling
        if (cache != null) cache.paramNames().store(text, runbook.params().stream().map(dev.runbook.model.Param::name).toList());
        return runbook;
    }

    /** Compiles a team file ({@code runbook.team.groovy}). */
    public Team compileTeam(Path file) {
        String text = read(file);
        return evaluate(text, file.toString(), TeamScript.class, s -> ((TeamScript) s).team(), (team, problems) -> team,
                "the team file declares no team", "write team { member 'alice', role: 'lead' }");
    }

    private <T> T evaluate(String text, String displayPath, Class<? extends Script> baseClass,
                           java.util.function.Function<Script, T> result, java.util.function.BiFunction<T, Problems, T> post,
                           String nothing, String nothingHint) {
        Problems problems = new Problems();
        SourceIndex index = new SourceIndex();
        String fileName = Path.of(displayPath).getFileName().toString();
        if (!fileName.endsWith(".groovy")) fileName = fileName + ".groovy";
        fileName = ScriptClassNames.of(fileName);

        String key = cache == null ? null : ClassCache.key(text, fileName, baseClass.getName(), parent);
        Optional<ClassCache.Entry> hit = cache == null ? Optional.empty() : cache.load(key);
        Class<?> scriptClass;
        try {
            ClassCache.Entry entry = hit.isPresent() ? hit.get() : compileToBytes(parent, text, displayPath, fileName, baseClass, index, problems);
            if (hit.isPresent()) entry.calls().forEach(index::add);
            else if (cache != null && problems.isEmpty()) cache.store(key, entry);
            ClassLoader loader = new ClassCache.BytesClassLoader(parent, entry.classes());
            scriptClass = Class.forName(entry.scriptClass(), false, loader);
            ClosureMetaClasses.prepare(loader, entry.classes().keySet());
        } catch (ClassNotFoundException e) {
            throw single(displayPath, "cannot load the compiled runbook: " + e.getMessage(), "run again with RUNBOOK_CACHE=off");
        }

        DslContext dsl = new DslContext(displayPath, fileName, index, problems, sha256(text));
        Script script = null;
        try {
            script = (Script) scriptClass.getDeclaredConstructor().newInstance();
            script.setBinding(new Binding());
            ((DslScript) script).attach(dsl);
            script.run();
        } catch (RunbookProblemsException e) {
            problems.addAll(e.problems());
        } catch (ReflectiveOperationException e) {
            problems.add(new SourcePos(displayPath, 0, 0), "cannot load the compiled file: " + e, "");
        } catch (StackOverflowError e) {
            // a stack thousands of frames deep: one line, not the 600-line trace the JVM would print
            problems.add(dsl.posOf(e), "error while reading " + (baseClass == TeamScript.class ? "the team file" : "the runbook")
                    + ": it calls itself without end (StackOverflowError)", "a function that calls itself needs a case where it stops");
        } catch (RuntimeException | LinkageError e) {
            SourcePos pos = dsl.posOf(e);
            Set<Integer> linesWithProblems = new HashSet<>();
            problems.sorted().forEach(p -> linesWithProblems.add(p.pos() == null ? 0 : p.pos().line()));
            if (!linesWithProblems.contains(pos.line())) {
                problems.add(pos, "error while reading " + (baseClass == TeamScript.class ? "the team file" : "the runbook") + ": " + firstLine(e),
                        "fix this line; evaluating a runbook must only declare things");
            }
        }
        T value = script == null ? null : result.apply(script);
        if (value != null) value = post.apply(value, problems);
        if (value == null && problems.isEmpty()) problems.add(new SourcePos(displayPath, 1, 1), nothing, nothingHint);
        problems.throwIfAny();
        return value;
    }

    /** Parses and compiles to class files in memory, indexing the source on the way; throws every syntax error. */
    private static ClassCache.Entry compileToBytes(ClassLoader parent, String text, String displayPath, String fileName, Class<? extends Script> baseClass,
                                                   SourceIndex index, Problems problems) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setSourceEncoding("UTF-8");
        config.setScriptBaseClass(baseClass.getName());
        config.setDisabledGlobalASTTransformations(GlobalTransforms.NOT_FOR_RUNBOOKS);
        config.addCompilationCustomizers(
                new ImportCustomizer().addImports("java.time.Duration").addStaticStars("dev.runbook.model.Severity"),
                new SourceIndexCustomizer(index, problems, displayPath, text),
                new ProcessEndGuard(),
                new IntegrationCallCheck(dev.runbook.api.IntegrationApiTable.forLoader(parent), problems, displayPath));
        var deep = BracketCheck.tooDeep(text);
        if (deep.isPresent()) {
            var d = deep.get();
            throw new RunbookProblemsException(java.util.List.of(new Problem(new SourcePos(displayPath, d.line(), d.column()), d.message(), d.hint())));
        }
        try (GroovyClassLoader loader = new GroovyClassLoader(parent, config)) {
            CompilationUnit unit = new CompilationUnit(config, null, loader);
            unit.addSource(new GroovyCodeSource(text, fileName, "/groovy/runbook").getName(), text);
            unit.compile(Phases.CLASS_GENERATION);
            String script = unit.getAST().getModules().get(0).getScriptClassDummy().getName();
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (GroovyClass c : unit.getClasses()) classes.put(c.getName(), c.getBytes());
            return new ClassCache.Entry(script, classes, index.calls());
        } catch (MultipleCompilationErrorsException e) {
            for (Message m : e.getErrorCollector().getErrors()) problems.add(toProblem(m, displayPath, text));
            throw new RunbookProblemsException(problems.sorted());
        } catch (IOException e) {
            throw single(displayPath, "cannot compile: " + e.getMessage(), "");
        }
    }

    private static Problem toProblem(Message m, String displayPath, String text) {
        if (m instanceof SyntaxErrorMessage sem) {
            SyntaxException se = sem.getCause();
            String msg = se.getOriginalMessage();
            SourcePos pos = new SourcePos(displayPath, se.getStartLine(), se.getStartColumn());
            if (se instanceof ProcessEndGuard.Refused refused) return new Problem(pos, msg, refused.hint);
            if (msg != null && msg.startsWith("Unexpected input")) {
                // the parser names where it gave up; the author needs the bracket at fault
                var mismatch = BracketCheck.find(text);
                if (mismatch.isPresent()) {
                    var b = mismatch.get();
                    return new Problem(new SourcePos(displayPath, b.line(), b.column()), b.message(), b.hint());
                }
                if (textFrom(text, se.getStartLine(), se.getStartColumn()).isBlank()) {
                    return new Problem(pos, "the file ends before every { is closed", "add the missing } (count the braces of the block above)");
                }
            }
            if ("Unexpected character: '\\''".equals(msg) || "Unexpected character: '\"'".equals(msg)) {
                return new Problem(pos, "this string is never closed",
                        "end it with the same quote on this line, or use ''' ... ''' for text over several lines");
            }
            return new Problem(pos, tidy(msg), hintFor(msg));
        }
        if (m instanceof ExceptionMessage em) {
            return new Problem(new SourcePos(displayPath, 0, 0), firstLine(em.getCause()), "");
        }
        java.io.StringWriter w = new java.io.StringWriter();
        m.write(new java.io.PrintWriter(w));
        return new Problem(new SourcePos(displayPath, 0, 0), w.toString().strip(), "");
    }

    /** The text from a 1-based line and column to the end; empty when the position is past the end. */
    private static String textFrom(String text, int line, int column) {
        String[] lines = text.split("\n", -1);
        if (line < 1 || line > lines.length) return "";
        StringBuilder rest = new StringBuilder(lines[line - 1].substring(Math.min(lines[line - 1].length(), Math.max(0, column - 1))));
        for (int l = line; l < lines.length; l++) rest.append('\n').append(lines[l]);
        return rest.toString();
    }

    private static String tidy(String msg) {
        if (msg == null) return "syntax error";
        String s = msg.strip();
        if (s.startsWith("Unexpected input: ")) {
            String what = s.substring("Unexpected input: ".length()).replace("\n", " ");
            if (what.length() > 30) what = what.substring(0, 30) + "...'";
            return "unexpected " + what;
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String hintFor(String msg) {
        if (msg == null) return "";
        String m = msg.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("unexpected input") || m.contains("unexpected character"))
            return "check for an unclosed brace, bracket or quote just before this point";
        if (m.contains("expecting '}'") || m.contains("unexpected end"))
            return "a { is not closed: add the missing }";
        return "";
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static RunbookProblemsException single(String file, String message, String hint) {
        return new RunbookProblemsException(java.util.List.of(new Problem(new SourcePos(file, 0, 0), message, hint)));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
