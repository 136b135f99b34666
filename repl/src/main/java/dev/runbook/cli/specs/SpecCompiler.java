package dev.runbook.cli.specs;

import dev.runbook.diag.Problem;
import dev.runbook.diag.Problems;
import dev.runbook.diag.RunbookProblemsException;
import dev.runbook.model.SourcePos;
import dev.runbook.testing.SpecLocations;
import groovy.lang.GroovyClassLoader;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.InnerClassNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;
import org.codehaus.groovy.tools.GroovyClass;
import spock.lang.Specification;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles spec files together, in memory, against the tool's own class path (the DSL, the harness, the standard
 * runbooks and integrations, Spock). Spock's global AST transform turns each {@code Specification} into a runnable
 * spec, as it does under Maven. Each spec class is registered with {@link SpecLocations} so that
 * {@code load 'x.groovy'} means the runbook beside it, whatever the working directory.
 */
public final class SpecCompiler {
    private final ClassLoader parent;

    public SpecCompiler(ClassLoader parent) {
        this.parent = parent;
    }

    /**
     * As {@link #compile}, but when it fails, the files it did not blame are compiled again without the ones it
     * did, until they compile: Groovy stops at the first phase with errors (a syntax error in one file hides an
     * unknown class in another), and a report must name every spec file that does not compile.
     *
     * @throws RunbookProblemsException with the problems of every file that does not compile, nothing loaded
     */
    public CompiledSpecs compileReportingAll(List<Path> files) {
        try {
            return compile(files);
        } catch (RunbookProblemsException first) {
            List<Problem> all = new ArrayList<>(first.problems());
            List<Path> rest = new ArrayList<>(files);
            for (RunbookProblemsException e = first; e != null; ) {
                java.util.Set<String> blamed = new java.util.HashSet<>();
                for (Problem p : e.problems()) blamed.add(p.pos().file());
                if (!rest.removeIf(f -> blamed.contains(f.toString())) || rest.isEmpty()) break; // nothing more to learn
                try {
                    compile(rest);
                    e = null;
                } catch (RunbookProblemsException next) {
                    all.addAll(next.problems());
                    e = next;
                }
            }
            throw new RunbookProblemsException(all);
        }
    }

    /**
     * @throws RunbookProblemsException with {@code file:line:col: message} for every compile error, nothing loaded
     */
    public CompiledSpecs compile(List<Path> files) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setSourceEncoding("UTF-8");
        Map<String, Path> byUnitName = new HashMap<>();
        try (GroovyClassLoader groovyLoader = new GroovyClassLoader(parent, config)) {
            CompilationUnit unit = new CompilationUnit(config, null, groovyLoader);
            for (Path f : files) {
                byUnitName.put(unit.addSource(f.toFile()).getName(), f);
            }
            try {
                unit.compile(Phases.CLASS_GENERATION);
            } catch (MultipleCompilationErrorsException e) {
                Problems problems = new Problems();
                for (Message m : e.getErrorCollector().getErrors()) problems.add(toProblem(m, byUnitName));
                throw new RunbookProblemsException(problems.sorted());
            }
            Map<String, byte[]> bytes = new LinkedHashMap<>();
            for (GroovyClass c : unit.getClasses()) bytes.put(c.getName(), c.getBytes());
            return load(unit, new SpecClassLoader(parent, bytes), byUnitName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CompiledSpecs load(CompilationUnit unit, ClassLoader loader, Map<String, Path> byUnitName) {
        List<Class<?>> specs = new ArrayList<>();
        Map<String, Path> sources = new LinkedHashMap<>();
        List<Path> notSpecs = new ArrayList<>();
        List<ModuleNode> modules = new ArrayList<>(unit.getAST().getModules());
        modules.sort((a, b) -> byUnitName.get(a.getContext().getName()).compareTo(byUnitName.get(b.getContext().getName())));
        for (ModuleNode module : modules) {
            Path file = byUnitName.get(module.getContext().getName());
            boolean any = false;
            for (ClassNode cn : module.getClasses()) {
                if (cn instanceof InnerClassNode) continue;
                sources.put(cn.getName(), file);
                SpecLocations.register(cn.getName(), file);
                Class<?> c = loadClass(loader, cn.getName());
                if (Specification.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
                    specs.add(c);
                    any = true;
                } else if (Specification.class.isAssignableFrom(c)) {
                    any = true; // an abstract base spec: its subclasses run
                }
            }
            if (!any) notSpecs.add(file);
        }
        return new CompiledSpecs(loader, List.copyOf(specs), sources, notSpecs);
    }

    private static Class<?> loadClass(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiled class " + name + " did not load", e);
        }
    }

    private static Problem toProblem(Message m, Map<String, Path> byUnitName) {
        if (m instanceof SyntaxErrorMessage sem) {
            SyntaxException se = sem.getCause();
            Path file = byUnitName.get(se.getSourceLocator());
            String where = file == null ? String.valueOf(se.getSourceLocator()) : file.toString();
            String msg = tidy(se.getOriginalMessage());
            int column = columnOfUnresolved(file, msg, se.getStartLine(), se.getStartColumn());
            return new Problem(new SourcePos(where, se.getStartLine(), column), msg, hintFor(msg));
        }
        if (m instanceof ExceptionMessage em) {
            Throwable t = em.getCause();
            return new Problem(new SourcePos("<specs>", 0, 0), t.getMessage() == null ? t.toString() : t.getMessage().lines().findFirst().orElse(""), "");
        }
        StringWriter w = new StringWriter();
        m.write(new PrintWriter(w));
        return new Problem(new SourcePos("<specs>", 0, 0), w.toString().strip(), "");
    }

    /**
     * Groovy places an unknown superclass or annotation at the start of the class; the author needs the name itself.
     */
    private static int columnOfUnresolved(Path file, String msg, int line, int column) {
        if (file == null || !msg.startsWith("unable to resolve class ") || line < 1) return column;
        String name = msg.substring("unable to resolve class ".length()).strip();
        try (var lines = Files.lines(file)) {
            String text = lines.skip(line - 1).findFirst().orElse("");
            int at = text.indexOf(name, Math.max(0, column - 1));
            return at < 0 ? column : at + 1;
        } catch (IOException | UncheckedIOException e) {
            return column;
        }
    }

    /** Groovy's wording, in the style of the other messages: lower case, the parser's echo of the input cut short. */
    private static String tidy(String msg) {
        if (msg == null || msg.isBlank()) return "syntax error";
        String s = msg.strip();
        if (s.startsWith("Unexpected input: ")) {
            String what = s.substring("Unexpected input: ".length()).replace("\n", " ");
            return "unexpected " + (what.length() > 30 ? what.substring(0, 30) + "...'" : what);
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String hintFor(String msg) {
        if (msg.startsWith("unexpected"))
            return "check for an unclosed bracket, brace or quote just before this point";
        if (msg.startsWith("unable to resolve class"))
            return "import it, or check its name (the harness is dev.runbook.testing.RunbookSpecification)";
        if (msg.startsWith("invalid duplicate class definition"))
            return "two spec files declare the same class: give one another name or a package";
        return "";
    }
}
