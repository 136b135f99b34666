package dev.runbook.testing

import dev.runbook.engine.Operator

import java.util.concurrent.CopyOnWriteArrayList
import java.util.function.BooleanSupplier

/**
 * The person at the terminal, scripted: confirms every manual item and answers approval prompts with the given
 * lines in turn. Once the lines run out it waits, as a person would, until the run stops asking.
 */
class ScriptedOperator implements Operator {
    private final Deque<String> answers
    final List<String> prompts = new CopyOnWriteArrayList<>()

    ScriptedOperator(String... answers) {
        this.answers = new ArrayDeque<>(answers as List)
    }

    boolean interactive() { true }

    boolean confirm(String text) { true }

    boolean typeWord(String word, String prompt) { true }

    String source() { 'operator' }

    @Override
    String askLine(String prompt, BooleanSupplier stop) {
        prompts << prompt
        synchronized (answers) {
            if (!answers.isEmpty()) return answers.poll()
        }
        long giveUp = System.nanoTime() + 30_000_000_000L
        while (!stop.asBoolean && System.nanoTime() < giveUp) Thread.sleep(20)
        null
    }
}
