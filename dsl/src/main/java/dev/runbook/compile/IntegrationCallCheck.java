package dev.runbook.compile;

import dev.runbook.api.IntegrationApiTable;
import dev.runbook.api.IntegrationApiTable.ApiType;
import dev.runbook.api.IntegrationApiTable.Call;
import dev.runbook.api.IntegrationApiTable.Ref;
import dev.runbook.api.IntegrationApiTable.Result;
import dev.runbook.diag.Problems;
import dev.runbook.diag.Suggestions;
import dev.runbook.model.SourcePos;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.SpreadExpression;
import org.codehaus.groovy.ast.expr.SpreadMapExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.ForStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the integration calls whose receiver is known from the text alone against the integrations' API table
 * ({@link IntegrationApiTable}): {@code docker.container('api').restartt(timeout: 30)}, or
 * {@code def api = docker.container('api')} and later {@code api.restart(timeot: 30)}. A call, a named option, a
 * number of arguments or a result field the real integration does not have is a problem at its {@code line:col}, with
 * "did you mean", so {@code runbook check} (and {@code exec}, before anything runs) reports it instead of the step
 * failing mid-incident. A name the file declares itself (a variable or parameter called {@code docker}) is left
 * alone, as is everything whose receiver is only known at run time.
 */
final class IntegrationCallCheck extends CompilationCustomizer {
    /**
     * What every Groovy object answers besides its own calls ({@code toString()}, {@code with { }}, {@code each},
     * {@code r.class}, {@code r.properties}): never reported, on handles or results.
     */
    private static final Set<String> EVERY_OBJECT_METHOD = new HashSet<>();
    private static final Set<String> EVERY_OBJECT_PROPERTY = new HashSet<>();

    static {
        for (Class<?> c : List.of(Object.class, groovy.lang.GroovyObject.class, org.codehaus.groovy.runtime.DefaultGroovyMethods.class)) {
            for (java.lang.reflect.Method m : c.getMethods()) {
                EVERY_OBJECT_METHOD.add(m.getName());
                int own = c == org.codehaus.groovy.runtime.DefaultGroovyMethods.class ? 1 : 0;
                if (m.getParameterCount() == own && m.getName().matches("(get|is)[A-Z].*")) {
                    String p = m.getName().replaceFirst("^(get|is)", "");
                    EVERY_OBJECT_PROPERTY.add(Character.toLowerCase(p.charAt(0)) + p.substring(1));
                }
            }
        }
    }

    private final IntegrationApiTable api;
    private final Problems problems;
    private final String displayPath;
    private final Set<ModuleNode> seen = new HashSet<>();

    IntegrationCallCheck(IntegrationApiTable api, Problems problems, String displayPath) {
        super(CompilePhase.CONVERSION);
        this.api = api;
        this.problems = problems;
        this.displayPath = displayPath;
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        ModuleNode module = source.getAST();
        if (api.isEmpty() || !seen.add(module)) return;
        Declarations declared = new Declarations();
        visitAll(module, declared);
        // a local declared once takes the type of its value; a local from a local (def info = api.inspect()) needs
        // the first one's type: a few rounds, until no more are found
        Map<String, Ref> locals = new HashMap<>();
        for (int round = 0; round < 4; round++) {
            int before = locals.size();
            Typing typing = new Typing(declared.names, Map.copyOf(locals));
            declared.initial.forEach((name, inits) -> {
                if (inits.size() != 1 || inits.get(0) == null || locals.containsKey(name) || declared.parameters.contains(name)) return;
                Ref ref = typing.typeOf(inits.get(0));
                if (ref != null) locals.put(name, ref);
            });
            if (locals.size() == before) break;
        }
        visitAll(module, new Checker(new Typing(declared.names, locals)));
    }

    private static void visitAll(ModuleNode module, CodeVisitorSupport visitor) {
        module.getStatementBlock().visit(visitor);
        for (MethodNode m : module.getMethods()) {
            if (visitor instanceof Declarations d) {
                for (Parameter p : m.getParameters()) {
                    d.names.add(p.getName());
                    d.parameters.add(p.getName());
                }
            }
            if (m.getCode() != null) m.getCode().visit(visitor);
        }
    }

    /** Every name the file declares (it hides an integration of that name), and each local's initial values. */
    private static final class Declarations extends CodeVisitorSupport {
        final Set<String> names = new HashSet<>();
        /** names that are parameters somewhere: their type there is not the local's */
        final Set<String> parameters = new HashSet<>();
        final Map<String, List<Expression>> initial = new HashMap<>();

        @Override
        public void visitDeclarationExpression(DeclarationExpression d) {
            if (d.isMultipleAssignmentDeclaration()) {
                for (Expression e : d.getTupleExpression().getExpressions()) {
                    if (e instanceof VariableExpression v) {
                        names.add(v.getName());
                        initial.computeIfAbsent(v.getName(), k -> new ArrayList<>()).add(null);
                    }
                }
            } else {
                String name = d.getVariableExpression().getName();
                names.add(name);
                initial.computeIfAbsent(name, k -> new ArrayList<>()).add(d.getRightExpression());
            }
            super.visitDeclarationExpression(d);
        }

        @Override
        public void visitClosureExpression(ClosureExpression c) {
            if (c.getParameters() != null) for (Parameter p : c.getParameters()) {
                names.add(p.getName());
                parameters.add(p.getName());
            }
            super.visitClosureExpression(c);
        }

        @Override
        public void visitForLoop(ForStatement f) {
            if (f.getVariable() != null) {
                names.add(f.getVariable().getName());
                parameters.add(f.getVariable().getName());
            }
            super.visitForLoop(f);
        }
    }

    /** The static type of an expression, where the text says it: an integration, a handle, a result; else null. */
    private final class Typing {
        private final Set<String> declared;
        private final Map<String, Ref> locals;

        Typing(Set<String> declared, Map<String, Ref> locals) {
            this.declared = declared;
            this.locals = locals;
        }

        ApiType integration(String name) {
            return declared.contains(name) ? null : api.root(name).orElse(null);
        }

        Ref typeOf(Expression e) {
            if (e instanceof VariableExpression v) {
                ApiType root = integration(v.getName());
                return root != null ? new Ref(root.name(), false) : locals.get(v.getName());
            }
            if (e instanceof MethodCallExpression m && !m.isSpreadSafe()) {
                String name = m.getMethodAsString();
                if (name == null) return null;
                if (m.isImplicitThis()) {
                    ApiType root = integration(name);
                    return root == null ? null : root.call("call").map(Call::returns).orElse(null);
                }
                ApiType on = api.type(refType(typeOf(m.getObjectExpression()))).orElse(null);
                return on == null ? null : on.call(name).map(Call::returns).orElse(null);
            }
            if (e instanceof PropertyExpression p && !p.isSpreadSafe() && p.getPropertyAsString() != null) {
                Ref on = typeOf(p.getObjectExpression());
                if (on == null || on.list()) return null;
                String name = p.getPropertyAsString();
                ApiType type = api.type(on.type()).orElse(null);
                if (type != null) return type.properties().get(name);
                return api.result(on.type()).map(r -> r.fields().get(name)).orElse(null);
            }
            return null;
        }

        private String refType(Ref ref) {
            return ref == null || ref.list() ? null : ref.type();
        }
    }

    private final class Checker extends CodeVisitorSupport {
        private final Typing typing;

        Checker(Typing typing) {
            this.typing = typing;
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression m) {
            String name = m.getMethodAsString();
            if (name != null && !m.isSpreadSafe()) {
                if (m.isImplicitThis()) {
                    ApiType root = typing.integration(name);
                    if (root != null && root.call("call").isPresent()) checkArguments(m, root, root.call("call").get(), root.reachedAs());
                } else {
                    Ref on = typing.typeOf(m.getObjectExpression());
                    if (on != null && !on.list()) checkCall(m, on, name);
                }
            }
            super.visitMethodCallExpression(m);
        }

        @Override
        public void visitPropertyExpression(PropertyExpression p) {
            String name = p.getPropertyAsString();
            Ref on = name == null || p.isSpreadSafe() || EVERY_OBJECT_PROPERTY.contains(name) ? null : typing.typeOf(p.getObjectExpression());
            if (on != null && !on.list()) {
                ApiType type = api.type(on.type()).orElse(null);
                Result result = api.result(on.type()).orElse(null);
                if (type != null && !type.properties().containsKey(name)) {
                    if (type.calls().containsKey(name)) {
                        problem(p.getProperty(), type.reachedAs() + "." + name + " is a call, not a property", "write " + name + "()");
                    } else {
                        problem(p.getProperty(), type.reachedAs() + " has no property '" + name + "'", type.suggest(name));
                    }
                } else if (result != null && !result.fields().containsKey(name)) {
                    problem(p.getProperty(), result.name() + " has no field '" + name + "'", result.suggest(name));
                }
            }
            super.visitPropertyExpression(p);
        }

        private void checkCall(MethodCallExpression m, Ref on, String name) {
            ApiType type = api.type(on.type()).orElse(null);
            if (type != null) {
                var call = type.call(name);
                if (call.isEmpty() && EVERY_OBJECT_METHOD.contains(name)) return;
                if (call.isEmpty()) {
                    problem(m.getMethod(), type.reachedAs() + " has no call '" + name + "'", type.suggest(name));
                    return;
                }
                checkArguments(m, type, call.get(), type.reachedAs() + "." + name + "()");
                return;
            }
            Result result = api.result(on.type()).orElse(null);
            if (result != null && !result.methods().contains(name) && !EVERY_OBJECT_METHOD.contains(name)) {
                problem(m.getMethod(), result.name() + " has no method '" + name + "'", result.suggest(name));
            }
        }

        private void checkArguments(MethodCallExpression m, ApiType type, Call call, String shown) {
            List<Expression> args = m.getArguments() instanceof TupleExpression t ? t.getExpressions() : List.of(m.getArguments());
            int positional = 0;
            boolean spread = false;
            for (Expression a : args) {
                if (a instanceof MapExpression map) {
                    checkOptions(map, call, shown);
                } else if (a instanceof SpreadExpression) {
                    spread = true;
                } else {
                    positional++;
                }
            }
            if (!spread && !call.takes(positional)) {
                problem(m.getMethod(), shown + " takes " + call.arity() + ", not " + positional, "");
            }
        }

        private void checkOptions(MapExpression map, Call call, String shown) {
            for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                if (entry.getKeyExpression() instanceof SpreadMapExpression) continue;
                if (!(entry.getKeyExpression() instanceof ConstantExpression c) || !(c.getValue() instanceof String key)) continue;
                if (!call.takesOptions()) {
                    problem(entry.getKeyExpression(), shown + " takes no named options", "leave out " + key + ":");
                } else if (!call.options().contains(key)) {
                    problem(entry.getKeyExpression(), "unknown option '" + key + ":' for " + shown,
                            Suggestions.closest(key, call.options()).map(s -> "did you mean '" + s + ":'?")
                                    .orElse("its options are " + String.join(" ", call.options().stream().map(o -> o + ":").toList())));
                }
            }
        }

        private void problem(ASTNode at, String message, String hint) {
            problems.add(new SourcePos(displayPath, at.getLineNumber(), at.getColumnNumber()), message, hint);
        }
    }
}
