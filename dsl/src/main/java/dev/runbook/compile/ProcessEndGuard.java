package dev.runbook.compile;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.util.HashSet;
import java.util.Set;

/**
 * Refuses, at compile time and before any of the file runs, the calls that would end the tool itself:
 * {@code System.exit}, {@code Runtime.getRuntime().exit/halt} (also as a method pointer or a static import), and
 * {@code @ASTTest}, which runs its code while the file compiles — so inside {@code check}.
 *
 * <p>Why: a runbook (or team file) that calls {@code System.exit(0)} ended {@code runbook exec} with exit 0 and no
 * output — the later steps never ran, no handler ran, the journal said nothing, and {@code check a.groovy b.groovy}
 * reported nothing for either file. A runbook is code and is not sandboxed (docs/dsl.md, "Security model"); this
 * guard catches the spellings a person writes, not a determined author (reflection, a name built at run time).
 *
 * <p>The refusals are compile errors (so {@link RunbookCompiler} stops at the end of this phase, before local
 * transforms such as {@code @ASTTest} and before the script is evaluated), each at its {@code line:col}, all at once.
 */
final class ProcessEndGuard extends CompilationCustomizer {
    private static final Set<String> ENDING_METHODS = Set.of("exit", "halt");
    private static final Set<String> COMPILE_TIME_CODE = Set.of("ASTTest", "groovy.transform.ASTTest");
    /** Classes of each module already looked at: the customizer is called once per class of the file. */
    private final Set<ModuleNode> seen = new HashSet<>();

    ProcessEndGuard() {
        super(CompilePhase.CONVERSION);
    }

    /** A refusal, carried as a syntax error so the compile stops; {@link RunbookCompiler} shows its own hint. */
    static final class Refused extends SyntaxException {
        final String hint;

        Refused(String message, String hint, ASTNode at) {
            super(message, at.getLineNumber(), at.getColumnNumber());
            this.hint = hint;
        }
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        ModuleNode module = source.getAST();
        if (!seen.add(module)) return;
        Visitor visitor = new Visitor(source);
        for (ImportNode i : module.getStaticImports().values()) visitor.checkStaticImport(i);
        for (ImportNode i : module.getStaticStarImports().values()) visitor.checkStaticImport(i);
        module.getStatementBlock().visit(visitor);
        for (ClassNode c : module.getClasses()) visitor.visitClass(c);
    }

    private static final String EXIT_HINT = "a runbook ends by failing a step (fail 'why') or by the operator's abort; "
            + "ending the tool would skip the journal and every handler";

    private static final class Visitor extends ClassCodeVisitorSupport {
        private final SourceUnit source;

        Visitor(SourceUnit source) {
            this.source = source;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        /** The script's statements are reachable both as the module's block and as its run method: report once. */
        private final Set<ASTNode> refused = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        private void refuse(ASTNode at, String what, String hint) {
            if (!refused.add(at)) return;
            source.getErrorCollector().addErrorAndContinue(new SyntaxErrorMessage(new Refused(what, hint, at), source));
        }

        void checkStaticImport(ImportNode i) {
            String type = i.getType() == null ? "" : i.getType().getName();
            if (!isEndingClass(type)) return;
            String field = i.getFieldName();
            if (field == null || ENDING_METHODS.contains(field)) {
                refuse(i, "importing " + type + (field == null ? ".*" : "." + field) + " brings in a call that ends the tool",
                        EXIT_HINT);
            }
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            String name = call.getMethodAsString();
            if (name != null && ENDING_METHODS.contains(name) && endsTheProcess(call.getObjectExpression(), name)) {
                refuse(call, call.getObjectExpression().getText() + "." + name + "(…) would end the tool, not the step", EXIT_HINT);
            }
            super.visitMethodCallExpression(call);
        }

        @Override
        public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
            if (ENDING_METHODS.contains(call.getMethod()) && isEndingClass(call.getOwnerType().getName())) {
                refuse(call, call.getOwnerType().getNameWithoutPackage() + "." + call.getMethod() + "(…) would end the tool, not the step", EXIT_HINT);
            }
            super.visitStaticMethodCallExpression(call);
        }

        @Override
        public void visitMethodPointerExpression(MethodPointerExpression pointer) {
            String name = pointer.getMethodName() == null ? null : pointer.getMethodName().getText();
            if (name != null && ENDING_METHODS.contains(name) && endsTheProcess(pointer.getExpression(), name)) {
                refuse(pointer, pointer.getExpression().getText() + ".&" + name + " would end the tool, not the step", EXIT_HINT);
            }
            super.visitMethodPointerExpression(pointer);
        }

        @Override
        public void visitAnnotations(AnnotatedNode node) {
            for (AnnotationNode a : node.getAnnotations()) {
                if (COMPILE_TIME_CODE.contains(a.getClassNode().getName())) {
                    refuse(a, "@ASTTest runs its code while the file compiles (in check and plan too)",
                            "remove it: a runbook's checks belong in its spec (runbook test)");
                }
            }
            super.visitAnnotations(node);
        }

        /** {@code System.exit}, {@code Runtime.getRuntime().exit|halt}, {@code Runtime.runtime.halt}. */
        private static boolean endsTheProcess(Expression receiver, String method) {
            if (isClassNamed(receiver, "System")) return "exit".equals(method);
            if (receiver instanceof MethodCallExpression m && "getRuntime".equals(m.getMethodAsString())) {
                return isClassNamed(m.getObjectExpression(), "Runtime");
            }
            if (receiver instanceof PropertyExpression p && "runtime".equals(p.getPropertyAsString())) {
                return isClassNamed(p.getObjectExpression(), "Runtime");
            }
            return false;
        }

        private static boolean isClassNamed(Expression e, String simpleName) {
            String text = switch (e) {
                case VariableExpression v -> v.getName();
                case ClassExpression c -> c.getType().getName();
                case PropertyExpression p -> p.getText();
                default -> "";
            };
            return text.equals(simpleName) || text.equals("java.lang." + simpleName);
        }

        private static boolean isEndingClass(String type) {
            return type.equals("java.lang.System") || type.equals("java.lang.Runtime") || type.equals("System") || type.equals("Runtime");
        }
    }
}
