package dev.runbook.repl;

import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.EmptyExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Token;
import org.codehaus.groovy.syntax.Types;

import java.util.List;

/**
 * {@code def x = 1} at the prompt would be a local variable of that one line and gone at the next; this turns
 * top-level declarations into assignments to the shared binding ({@code x = 1}) before names are resolved, so a
 * variable defined at the prompt is there on the next line, however it was written. A method declared at the prompt
 * ({@code def f(x) { ... }}) would be a method of that line's script class, gone at the next too: it becomes a closure
 * in the binding ({@code f = { x -> ... }}), which {@link ReplScript#methodMissing} calls by its name on later lines
 * (and in its own body, so recursion works).
 */
final class DeclarationsToBinding extends CompilationCustomizer {
    DeclarationsToBinding() {
        super(CompilePhase.CONVERSION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!classNode.isScript()) return;
        MethodNode run = classNode.getMethod("run", Parameter.EMPTY_ARRAY);
        if (run == null || !(run.getCode() instanceof BlockStatement block)) return;
        List<Statement> statements = block.getStatements();
        int at = 0;
        for (MethodNode m : new java.util.ArrayList<>(classNode.getMethods())) {
            if (m == run || m.getName().equals("main") || m.isSynthetic() || m.isStatic() || m.getCode() == null) continue;
            ClosureExpression closure = new ClosureExpression(m.getParameters(), m.getCode());
            closure.setSourcePosition(m);
            BinaryExpression assign = new BinaryExpression(new VariableExpression(m.getName()),
                    Token.newSymbol(Types.ASSIGN, m.getLineNumber(), m.getColumnNumber()), closure);
            assign.setSourcePosition(m);
            ExpressionStatement bound = new ExpressionStatement(assign);
            bound.setSourcePosition(m);
            statements.add(at++, bound);
            classNode.removeMethod(m);
        }
        for (int i = at; i < statements.size(); i++) {
            if (statements.get(i) instanceof ExpressionStatement es
                    && es.getExpression() instanceof DeclarationExpression d
                    && !d.isMultipleAssignmentDeclaration()) {
                Expression value = d.getRightExpression() instanceof EmptyExpression ? ConstantExpression.NULL : d.getRightExpression();
                BinaryExpression assign = new BinaryExpression(new VariableExpression(d.getVariableExpression().getName()),
                        d.getOperation(), value);
                assign.setSourcePosition(d);
                ExpressionStatement replaced = new ExpressionStatement(assign);
                replaced.setSourcePosition(es);
                statements.set(i, replaced);
            }
        }
    }
}
