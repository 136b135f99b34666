package dev.runbook.compile;

import dev.runbook.model.SourcePos;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;

import java.util.ArrayList;
import java.util.List;

/**
 * What a runbook's syntax tree says about the shell text it builds, read without running anything: where a param
 * goes into a command as shell text ({@code raw(params.x)}), for {@code runbook check}; and the parts of one
 * {@code sh "…"} command, for {@code runbook plan -p}.
 */
public final class ShellSyntax {
    private ShellSyntax() {}

    /** {@code raw(params.NAME)} (or a param read anywhere inside the raw call) at {@code pos}. */
    public record RawParam(SourcePos pos, String param) {}

    /** Every param read inside a {@code raw(...)} call of {@code text}; none when the text does not parse. */
    public static List<RawParam> rawParams(String text, String displayPath) {
        ModuleNode module = parse(text, displayPath);
        if (module == null) return List.of();
        List<RawParam> found = new ArrayList<>();
        CodeVisitorSupport visitor = new CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                if (call.isImplicitThis() && "raw".equals(call.getMethodAsString())) {
                    call.getArguments().visit(new CodeVisitorSupport() {
                        @Override
                        public void visitPropertyExpression(PropertyExpression p) {
                            String name = paramName(p);
                            if (name != null) found.add(new RawParam(pos(displayPath, p), name));
                            super.visitPropertyExpression(p);
                        }

                        @Override
                        public void visitBinaryExpression(BinaryExpression b) {
                            String name = paramName(b);
                            if (name != null) found.add(new RawParam(pos(displayPath, b), name));
                            super.visitBinaryExpression(b);
                        }
                    });
                }
                super.visitMethodCallExpression(call);
            }
        };
        module.getStatementBlock().visit(visitor);
        for (MethodNode m : module.getMethods()) if (m.getCode() != null) m.getCode().visit(visitor);
        return found;
    }

    /** {@code params.NAME} or {@code params['NAME']}: the name; null for anything else. */
    public static String paramName(Expression e) {
        return readOf("params", e);
    }

    /** {@code secrets.NAME} or {@code secrets['NAME']}: the name; null for anything else. */
    public static String secretName(Expression e) {
        return readOf("secrets", e);
    }

    private static String readOf(String object, Expression e) {
        if (e instanceof PropertyExpression p && p.getObjectExpression() instanceof VariableExpression v
                && v.getName().equals(object) && p.getPropertyAsString() != null) {
            return p.getPropertyAsString();
        }
        if (e instanceof BinaryExpression b && b.getOperation().getText().equals("[")
                && b.getLeftExpression() instanceof VariableExpression v && v.getName().equals(object)
                && b.getRightExpression() instanceof ConstantExpression c && c.getValue() instanceof String s) {
            return s;
        }
        return null;
    }

    /** The syntax tree of {@code text} as far as the conversion phase (nothing is run); null when it does not parse. */
    public static ModuleNode parse(String text, String name) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setDisabledGlobalASTTransformations(GlobalTransforms.NOT_FOR_RUNBOOKS);
        CompilationUnit unit = new CompilationUnit(config);
        SourceUnit source = unit.addSource(name, text);
        try {
            unit.compile(Phases.CONVERSION);
        } catch (CompilationFailedException | StackOverflowError e) {
            return null;
        }
        return source.getAST();
    }

    private static SourcePos pos(String file, ASTNode n) {
        return new SourcePos(file, n.getLineNumber(), n.getColumnNumber());
    }
}
