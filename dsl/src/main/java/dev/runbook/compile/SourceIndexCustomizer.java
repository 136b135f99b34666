package dev.runbook.compile;

import dev.runbook.diag.Problems;
import dev.runbook.diag.Suggestions;
import dev.runbook.lang.DurationExtensions;
import dev.runbook.lang.SourceIndex;
import dev.runbook.model.SourcePos;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the runbook's syntax tree right after parsing, before anything runs, to:
 * <ul>
 *   <li>index every DSL call with its column, so run-time messages can say {@code file:line:col};</li>
 *   <li>collect the commands each block runs, as written, so {@code plan} shows them without running anything;</li>
 *   <li>hoist a step's {@code onFailure { }} out of the step body into the step's options: the body may fail
 *       before it reaches the handler, so the handler must be known before the body runs;</li>
 *   <li>report misspelt duration units ({@code 5.secnds}) with their exact position.</li>
 * </ul>
 */
final class SourceIndexCustomizer extends CompilationCustomizer {
    /**
     * Calls shown as "commands" in a plan: the things that act on the world, and the probe {@code http url, expect: 200}
     * (what a health check or gate asks, which a plan showed as "Groovy code" before).
     */
    static final Set<String> COMMAND_CALLS = Set.of("sh", "notify", "report", "manual", "confirm", "requireApproval", "gate", "http");
    /** Integration objects whose method calls are shown as commands too. */
    static final Set<String> INTEGRATIONS = Set.of("http", "docker", "compose", "k8s", "pg", "s3", "fly", "wrangler", "supabase");

    private final SourceIndex index;
    private final Problems problems;
    private final String displayPath;
    private final String[] lines;
    private boolean done;
    private StepHandlerLocals locals;

    SourceIndexCustomizer(SourceIndex index, Problems problems, String displayPath, String text) {
        super(CompilePhase.CONVERSION);
        this.index = index;
        this.problems = problems;
        this.displayPath = displayPath;
        this.lines = text.split("\n", -1);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (done) return;
        done = true;
        locals = new StepHandlerLocals(problems, this::pos);
        Visitor visitor = new Visitor();
        source.getAST().getStatementBlock().visit(visitor);
        for (MethodNode m : source.getAST().getMethods()) {
            if (m.getCode() != null) m.getCode().visit(visitor);
        }
        locals.refuseLeftovers();
        if (visitor.badDurations) {
            // reported above; replace each with its closest unit so evaluation goes on and finds the other problems
            DurationFixer fixer = new DurationFixer(source);
            source.getAST().getStatementBlock().visit(fixer);
            for (MethodNode m : source.getAST().getMethods()) {
                if (m.getCode() != null) m.getCode().visit(fixer);
            }
        }
    }

    private static boolean isBadDuration(Expression e) {
        return e instanceof PropertyExpression p && p.getObjectExpression() instanceof ConstantExpression c
                && c.getValue() instanceof Number && p.getPropertyAsString() != null
                && !DurationExtensions.UNITS.contains(p.getPropertyAsString());
    }

    private static final class DurationFixer extends ClassCodeExpressionTransformer {
        private final SourceUnit source;

        DurationFixer(SourceUnit source) {
            this.source = source;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        @Override
        public Expression transform(Expression e) {
            if (isBadDuration(e)) {
                PropertyExpression p = (PropertyExpression) e;
                String unit = Suggestions.closest(p.getPropertyAsString(), DurationExtensions.UNITS).orElse("seconds");
                PropertyExpression fixed = new PropertyExpression(p.getObjectExpression(), unit);
                fixed.setSourcePosition(p);
                return fixed;
            }
            if (e instanceof ClosureExpression c) {
                c.getCode().visit(this);
                return c;
            }
            return super.transform(e);
        }
    }

    private final class Visitor extends CodeVisitorSupport {
        boolean badDurations;

        @Override
        public void visitBlockStatement(BlockStatement block) {
            List<Statement> statements = block.getStatements();
            for (int i = 0; i < statements.size(); i++) {
                Statement s = statements.get(i);
                s.visit(this);
                statements.set(i, locals.around(s)); // a step whose handler reads the body's locals: declared around it
            }
        }

        @Override
        public void visitVariableExpression(VariableExpression expression) {
            // names read inside runbook { } are reported with their column when unknown
            index.add(new SourceIndex.Call(expression.getLineNumber(), expression.getColumnNumber(), expression.getName(),
                    List.of(), 0, 0, List.of()));
            super.visitVariableExpression(expression);
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            if (call.isImplicitThis() && call.getMethodAsString() != null) {
                String name = call.getMethodAsString();
                ClosureExpression body = trailingClosure(call);
                ClosureExpression handler = null;
                if ("step".equals(name) && body != null) handler = hoistStepHandler(call, body);
                if (handler != null) locals.lifted(stepName(call), call, body, handler);
                index.add(new SourceIndex.Call(call.getLineNumber(), call.getColumnNumber(), name,
                        body == null ? List.of() : commandsIn(body),
                        handler == null ? 0 : handler.getLineNumber(),
                        handler == null ? 0 : handler.getColumnNumber(),
                        handler == null ? List.of() : commandsIn(handler)));
            }
            super.visitMethodCallExpression(call);
        }

        @Override
        public void visitPropertyExpression(PropertyExpression expression) {
            if (isBadDuration(expression) && expression.getObjectExpression() instanceof ConstantExpression c) {
                badDurations = true;
                String unit = expression.getPropertyAsString();
                problems.add(pos(expression.getProperty()), "'" + c.getText() + "." + unit + "' is not a duration",
                        Suggestions.closest(unit, DurationExtensions.UNITS)
                                .map(s -> "did you mean " + c.getText() + "." + s + "?")
                                .orElse("write " + c.getText() + ".seconds, " + c.getText() + ".minutes or " + c.getText() + ".hours"));
            }
            super.visitPropertyExpression(expression);
        }
    }

    /**
     * Moves the first top-level {@code onFailure { }} of a step body into the step call as the named argument
     * {@code onFailure:}. A second one is reported: a step has one handler.
     */
    private ClosureExpression hoistStepHandler(MethodCallExpression call, ClosureExpression body) {
        if (!(body.getCode() instanceof BlockStatement block)) return null;
        ClosureExpression found = null;
        List<Statement> statements = block.getStatements();
        for (Statement s : new ArrayList<>(statements)) {
            if (!(s instanceof ExpressionStatement es) || !(es.getExpression() instanceof MethodCallExpression m)) continue;
            if (!m.isImplicitThis() || !"onFailure".equals(m.getMethodAsString())) continue;
            ClosureExpression handler = trailingClosure(m);
            if (handler == null) continue;
            if (found != null) {
                problems.add(pos(m), "a step has one onFailure handler; this is the second",
                        "put everything the handler does into the first onFailure { } block");
                continue;
            }
            found = handler;
            statements.remove(s);
        }
        if (found == null) return null;
        if (!(call.getArguments() instanceof ArgumentListExpression args)) return found;
        MapEntryExpression entry = new MapEntryExpression(new ConstantExpression("onFailure"), found);
        if (!args.getExpressions().isEmpty() && args.getExpression(0) instanceof MapExpression map) {
            map.addMapEntryExpression(entry);
        } else {
            MapExpression map = new MapExpression();
            map.addMapEntryExpression(entry);
            map.setSourcePosition(found);
            args.getExpressions().add(0, map);
        }
        return found;
    }

    private static String stepName(MethodCallExpression call) {
        if (call.getArguments() instanceof TupleExpression args) {
            for (Expression e : args.getExpressions()) if (e instanceof ConstantExpression c && c.getValue() instanceof String n) return n;
        }
        return "?";
    }

    private static ClosureExpression trailingClosure(MethodCallExpression call) {
        if (call.getArguments() instanceof TupleExpression args && !args.getExpressions().isEmpty()) {
            Expression last = args.getExpression(args.getExpressions().size() - 1);
            if (last instanceof ClosureExpression c) return c;
        }
        return null;
    }

    /** The source text of every command-like call inside a block, outermost first, in order. */
    private List<String> commandsIn(ClosureExpression closure) {
        List<String> found = new ArrayList<>();
        closure.getCode().visit(new CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                if (isCommand(call)) {
                    found.add(text(call));
                    return; // the arguments of a command are part of its text
                }
                super.visitMethodCallExpression(call);
            }

            @Override
            public void visitClosureExpression(ClosureExpression expression) {
                // a nested step's onFailure was hoisted already; other nested closures belong to the block
                super.visitClosureExpression(expression);
            }
        });
        return found;
    }

    private static boolean isCommand(MethodCallExpression call) {
        if (call.isImplicitThis()) return COMMAND_CALLS.contains(call.getMethodAsString());
        Expression receiver = call.getObjectExpression();
        while (receiver instanceof MethodCallExpression inner) receiver = inner.getObjectExpression();
        while (receiver instanceof PropertyExpression p) receiver = p.getObjectExpression();
        return receiver instanceof VariableExpression v && INTEGRATIONS.contains(v.getName());
    }

    /** The exact source text of a node, joined onto one line. */
    private String text(ASTNode node) {
        int l1 = node.getLineNumber(), c1 = node.getColumnNumber(), l2 = node.getLastLineNumber(), c2 = node.getLastColumnNumber();
        if (l1 < 1 || l2 < l1 || l2 > lines.length) return node.getText();
        StringBuilder sb = new StringBuilder();
        for (int l = l1; l <= l2; l++) {
            String line = lines[l - 1];
            int from = l == l1 ? Math.max(0, c1 - 1) : 0;
            int to = l == l2 ? Math.min(line.length(), Math.max(from, c2 - 1)) : line.length();
            if (sb.length() > 0) sb.append(' ');
            sb.append(l == l1 ? line.substring(from, to) : line.substring(from, to).strip());
        }
        return sb.toString().strip();
    }

    private SourcePos pos(ASTNode node) {
        return new SourcePos(displayPath, node.getLineNumber(), node.getColumnNumber());
    }
}
