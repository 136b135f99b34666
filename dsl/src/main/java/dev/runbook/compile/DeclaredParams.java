package dev.runbook.compile;

import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.ErrorCollector;
import org.codehaus.groovy.control.SourceUnit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The names of a runbook's {@code param 'name'} declarations, read from its syntax tree. Nothing of the file runs:
 * it is parsed only (no class is generated or loaded, no AST transform runs), which is what shell completion needs —
 * a TAB after {@code -p} must not execute a file the person has not chosen to run (issue 18, part 5: a {@code title}
 * built from {@code /etc/shadow} printed a line of it on TAB).
 *
 * <p>Only names written as plain strings are found; a name computed at run time ({@code param "p${i}"}) is not
 * offered, which costs a completion, never a wrong one.
 */
public final class DeclaredParams {
    private DeclaredParams() {}

    /** The declared names in file order, or empty when the text does not parse. */
    public static Optional<List<String>> of(String text) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setSourceEncoding("UTF-8");
        SourceUnit unit = new SourceUnit("runbook.groovy", text, config, null, new ErrorCollector(config)); // no loader: nothing is loaded
        try {
            unit.parse();
            unit.buildAST();
        } catch (RuntimeException e) { // a syntax error: nothing to offer
            return Optional.empty();
        }
        if (unit.getErrorCollector().hasErrors() || unit.getAST() == null) return Optional.empty();
        Set<String> names = new LinkedHashSet<>();
        unit.getAST().getStatementBlock().visit(new CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                if (call.isImplicitThis() && "param".equals(call.getMethodAsString())) {
                    firstString(call.getArguments()).ifPresent(names::add);
                }
                super.visitMethodCallExpression(call);
            }
        });
        return Optional.of(new ArrayList<>(names));
    }

    /** The first string argument: {@code param 'x', required: true} puts the named options first, as a map. */
    private static Optional<String> firstString(Expression args) {
        if (!(args instanceof TupleExpression tuple)) return Optional.empty();
        for (Expression e : tuple.getExpressions()) {
            if (e instanceof MapExpression) continue;
            if (e instanceof ConstantExpression c && c.getValue() instanceof String s) return Optional.of(s);
            return Optional.empty();
        }
        return Optional.empty();
    }
}
