package dev.runbook.compile;

import dev.runbook.diag.Problems;
import dev.runbook.model.SourcePos;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.VariableScope;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.EmptyExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.syntax.Token;
import org.codehaus.groovy.syntax.Types;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A step's own {@code onFailure { }} is lifted out of the step body (the body may fail before reaching it), which
 * took it out of reach of the body's local variables: {@code def info = ...; onFailure { log info }} failed at run
 * time with "unknown name 'info'". The locals the handler reads, declared at the top level of the body, are declared
 * instead in a block of their own around the step call, where both closures share them (the body assigns them, the
 * handler reads what was assigned before the failure: null when the body failed earlier). A name the handler reads
 * that the body declares deeper (inside an {@code if}, a loop, a closure) is refused at the handler's use of it.
 */
final class StepHandlerLocals {
    private final Problems problems;
    private final Function<org.codehaus.groovy.ast.ASTNode, SourcePos> pos;
    /** Step calls whose shared locals still need their enclosing block: the call → the declarations, as written. */
    private final Map<MethodCallExpression, List<DeclarationExpression>> pending = new IdentityHashMap<>();

    StepHandlerLocals(Problems problems, Function<org.codehaus.groovy.ast.ASTNode, SourcePos> pos) {
        this.problems = problems;
        this.pos = pos;
    }

    /** Finds the body's locals {@code handler} reads; refuses those it cannot be given. Call after the handler was lifted. */
    void lifted(String step, MethodCallExpression call, ClosureExpression body, ClosureExpression handler) {
        if (!(body.getCode() instanceof BlockStatement block)) return;
        Map<String, DeclarationExpression> top = new LinkedHashMap<>();
        for (Statement s : block.getStatements()) {
            if (s instanceof ExpressionStatement es && es.getExpression() instanceof DeclarationExpression d
                    && !d.isMultipleAssignmentDeclaration()) {
                top.put(d.getVariableExpression().getName(), d);
                owners.put(d, es);
            }
        }
        Map<String, DeclarationExpression> deeper = new LinkedHashMap<>();
        block.visit(new CodeVisitorSupport() {
            @Override
            public void visitDeclarationExpression(DeclarationExpression d) {
                if (d.isMultipleAssignmentDeclaration()) {
                    for (Expression e : ((TupleExpression) d.getLeftExpression()).getExpressions()) {
                        if (e instanceof VariableExpression v) deeper.putIfAbsent(v.getName(), d);
                    }
                } else if (!top.containsValue(d)) {
                    deeper.putIfAbsent(d.getVariableExpression().getName(), d);
                }
                super.visitDeclarationExpression(d);
            }
        });
        List<DeclarationExpression> shared = new ArrayList<>();
        Set<String> refused = new HashSet<>();
        for (VariableExpression v : reads(handler)) {
            String name = v.getName();
            if (top.containsKey(name)) {
                if (!shared.contains(top.get(name))) shared.add(top.get(name));
            } else if (deeper.containsKey(name) && refused.add(name)) {
                problems.add(pos.apply(v), "onFailure of step '" + step + "' reads '" + name + "', which the step body declares inside a block (line "
                        + deeper.get(name).getLineNumber() + "): the handler cannot see it",
                        "declare it at the top of the step body (def " + name + " = null) and set it inside the block");
            }
        }
        if (!shared.isEmpty()) pending.put(call, shared);
    }

    /**
     * {@code statement} of an enclosing block: when it is a step call with shared locals, the block that declares
     * them around it (and the body's declarations become assignments); else the statement itself.
     */
    Statement around(Statement statement) {
        if (!(statement instanceof ExpressionStatement es) || !(es.getExpression() instanceof MethodCallExpression call)) return statement;
        List<DeclarationExpression> shared = pending.remove(call);
        if (shared == null) return statement;
        BlockStatement wrapped = new BlockStatement(new ArrayList<>(), new VariableScope());
        for (DeclarationExpression d : shared) {
            VariableExpression v = d.getVariableExpression();
            VariableExpression outer = new VariableExpression(v.getName(), v.isDynamicTyped() ? ClassHelper.dynamicType() : v.getOriginType());
            outer.setSourcePosition(v);
            DeclarationExpression decl = new DeclarationExpression(outer, Token.newSymbol(Types.ASSIGN, -1, -1), EmptyExpression.INSTANCE);
            decl.setSourcePosition(d);
            wrapped.addStatement(new ExpressionStatement(decl));
            // the body's declaration becomes an assignment to the shared variable, in place
            BinaryExpression assign = new BinaryExpression(new VariableExpression(v.getName()), d.getOperation(), d.getRightExpression());
            assign.setSourcePosition(d);
            replaceIn(d, assign);
        }
        wrapped.addStatement(statement);
        wrapped.setSourcePosition(statement);
        return wrapped;
    }

    /** Step calls whose locals could not be shared: a step written inside an expression (def s = step(...)). */
    void refuseLeftovers() {
        pending.forEach((call, decls) -> problems.add(pos.apply(call), "this step's onFailure reads the step body's '"
                        + decls.get(0).getVariableExpression().getName() + "', which it can only see when the step is a statement of its own",
                "write step('...') { ... } on its own line"));
        pending.clear();
    }

    private final Map<DeclarationExpression, ExpressionStatement> owners = new IdentityHashMap<>();

    private void replaceIn(DeclarationExpression d, Expression with) {
        ExpressionStatement owner = owners.get(d);
        if (owner != null) owner.setExpression(with);
    }

    /** The names a handler reads that it does not declare itself (nor take as its parameter). */
    private static List<VariableExpression> reads(ClosureExpression handler) {
        Set<String> own = new HashSet<>();
        if (handler.getParameters() != null) for (Parameter p : handler.getParameters()) own.add(p.getName());
        List<VariableExpression> reads = new ArrayList<>();
        handler.getCode().visit(new CodeVisitorSupport() {
            @Override
            public void visitDeclarationExpression(DeclarationExpression d) {
                if (d.isMultipleAssignmentDeclaration()) {
                    for (Expression e : ((TupleExpression) d.getLeftExpression()).getExpressions()) {
                        if (e instanceof VariableExpression v) own.add(v.getName());
                    }
                } else {
                    own.add(d.getVariableExpression().getName());
                }
                d.getRightExpression().visit(this);
            }

            @Override
            public void visitClosureExpression(ClosureExpression c) {
                if (c.getParameters() != null) for (Parameter p : c.getParameters()) own.add(p.getName());
                super.visitClosureExpression(c);
            }

            @Override
            public void visitVariableExpression(VariableExpression v) {
                if (!own.contains(v.getName()) && !"this".equals(v.getName()) && !"it".equals(v.getName())) reads.add(v);
            }
        });
        return reads;
    }
}
