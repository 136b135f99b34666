package dev.runbook.engine;

import dev.runbook.journal.EventTypes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The questions a run puts to its operator: a {@code manual} action to confirm, a {@code confirm} word to type, as
 * nodes of their own or inside a step. Each question and its answer are journaled; a dry run asks nothing.
 */
final class OperatorQuestions {
    private final RunContext run;

    OperatorQuestions(RunContext run) {
        this.run = run;
    }

    /** A {@code manual} node ({@code index} 0-based) or, with {@code index} -1, one inside step {@code step}. */
    void askManual(String text, String step, int index) {
        Operator operator = run.operator();
        ask("manual", text, step, index, () -> operator.confirm(text), "the operator did not confirm: " + text);
    }

    void askManual(String text, String step) {
        askManual(text, step, -1);
    }

    /** A {@code confirm} node ({@code index} 0-based) or, with {@code index} -1, one inside step {@code step}. */
    void askWord(String word, String prompt, String step, int index) {
        Operator operator = run.operator();
        ask("confirm", word, step, index, () -> operator.typeWord(word, prompt),
                operator.canType(word) ? "the operator did not type " + word
                        : "nobody typed " + word + " (--yes types no confirm word): pass --confirm " + word);
    }

    void askWord(String word, String prompt, String step) {
        askWord(word, prompt, step, -1);
    }

    private void ask(String kind, String text, String step, int index, BooleanSupplier question, String declined) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", kind);
        d.put("text", text);
        if (step != null) d.put("step", step);
        if (index >= 0) {
            d.put("index", index + 1);
            d.put("of", run.size());
        }
        if (run.dryRun()) {
            d.put("dryRun", true);
            run.bus().emit(EventTypes.OPERATOR_ASKED, d);
            return;
        }
        run.bus().emit(EventTypes.OPERATOR_ASKED, d);
        boolean yes = question.getAsBoolean();
        Map<String, Object> a = new LinkedHashMap<>(d);
        a.put("answer", yes ? "confirmed" : "declined");
        a.put("by", kind.equals("confirm") && run.operator().typedUpFront(text) ? "--confirm"
                : run.operator().source().equals("--yes") ? "--yes" : run.runInfo().getOperator());
        run.bus().emit(EventTypes.OPERATOR_ANSWERED, a);
        if (!yes) throw new StepFailure(declined, StepFailure.Kind.ABORTED);
    }
}
