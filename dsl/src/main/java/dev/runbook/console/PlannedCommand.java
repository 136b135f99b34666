package dev.runbook.console;

import dev.runbook.compile.ShellSyntax;
import dev.runbook.engine.ShellTemplate;
import dev.runbook.model.Param;
import dev.runbook.model.RawShell;
import dev.runbook.model.Runbook;
import groovy.lang.GString;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.runtime.GStringImpl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runbook plan -p k=v}: an {@code sh} command as it will run, with the params' values quoted as the engine
 * quotes them ({@link ShellTemplate}), a secret as the variable the command reads it from, and what is only known
 * during the run (another step's output, a local variable) left as {@code ${…}}. Nothing is run: the command's
 * source text is parsed, not evaluated.
 */
final class PlannedCommand {
    private PlannedCommand() {}

    /** The command line, or null when {@code source} is not an {@code sh} command with a literal command text. */
    static String render(String source, Runbook runbook, Map<String, String> given) {
        if (!source.startsWith("sh")) return null;
        var module = ShellSyntax.parse(source, "plan.groovy");
        if (module == null || !(module.getStatementBlock() instanceof BlockStatement block) || block.getStatements().size() != 1
                || !(block.getStatements().get(0) instanceof ExpressionStatement st)
                || !(st.getExpression() instanceof MethodCallExpression call) || !"sh".equals(call.getMethodAsString())) {
            return null;
        }
        Expression command = commandArgument(call);
        Map<String, String> values = values(runbook, given);
        Map<String, String> secrets = new LinkedHashMap<>();
        if (command instanceof ConstantExpression c && c.getValue() instanceof String s) return s;
        if (command instanceof ListExpression list) {
            List<Object> words = new ArrayList<>();
            for (Expression e : list.getExpressions()) words.add(value(e, source, values, secrets));
            return words.stream().allMatch(w -> w instanceof String) ? ShellTemplate.argv(words) : null;
        }
        if (!(command instanceof GStringExpression g)) return null;
        String[] strings = g.getStrings().stream().map(ConstantExpression::getText).toArray(String[]::new);
        Object[] parts = g.getValues().stream().map(e -> value(e, source, values, secrets)).toArray();
        GString template = new GStringImpl(parts, strings);
        try {
            return ShellTemplate.render(template, secrets).command();
        } catch (RuntimeException e) {
            return null; // the engine refuses it at run time, with its reason; the plan shows the text as written
        }
    }

    /** {@code sh "…"}, {@code sh("…")}, {@code sh "…", timeout: …}: the command, whatever the options. */
    private static Expression commandArgument(MethodCallExpression call) {
        if (!(call.getArguments() instanceof TupleExpression args)) return null;
        for (Expression e : args.getExpressions()) {
            if (e instanceof ConstantExpression || e instanceof GStringExpression || e instanceof ListExpression) return e;
        }
        return args instanceof ArgumentListExpression a && a.getExpressions().size() == 1 ? a.getExpression(0) : null;
    }

    /** The values a run would start with: those given, else the defaults. */
    private static Map<String, String> values(Runbook runbook, Map<String, String> given) {
        Map<String, String> v = new LinkedHashMap<>();
        for (Param p : runbook.params()) {
            String value = given.getOrDefault(p.name(), p.defaultValue());
            if (value != null) v.put(p.name(), value);
        }
        return v;
    }

    /**
     * A param read becomes its value (data, quoted by the template); a secret a marker the template turns into its
     * variable; {@code raw(params.x)} the param as shell text; anything else stays as written, {@code ${…}}.
     */
    private static Object value(Expression e, String source, Map<String, String> values, Map<String, String> secrets) {
        String param = ShellSyntax.paramName(e);
        if (param != null && values.containsKey(param)) return values.get(param);
        String secret = ShellSyntax.secretName(e);
        if (secret != null) {
            String marker = "\u0000secret:" + secret;
            secrets.put(secret, marker);
            return marker;
        }
        if (e instanceof MethodCallExpression m && m.isImplicitThis() && "raw".equals(m.getMethodAsString())
                && m.getArguments() instanceof TupleExpression t && t.getExpressions().size() == 1) {
            String rawParam = ShellSyntax.paramName(t.getExpression(0));
            if (rawParam != null && values.containsKey(rawParam)) return new RawShell(values.get(rawParam));
        }
        if (e instanceof ConstantExpression c && c.getValue() instanceof String s) return s;
        return new RawShell("${" + textOf(e, source) + "}");
    }

    /** An expression as the author wrote it (the command's source is one line). */
    private static String textOf(Expression e, String source) {
        int from = e.getColumnNumber() - 1, to = e.getLastColumnNumber() - 1;
        if (e.getLineNumber() == 1 && e.getLastLineNumber() == 1 && from >= 0 && to <= source.length() && from < to) {
            return source.substring(from, to);
        }
        return e.getText();
    }
}
