package dev.runbook.engine

/** An operator at a terminal whose answers a test decides in advance; it remembers what it was asked. */
class ScriptedOperator implements Operator {
    boolean confirms = true
    boolean typesTheWord = true
    final List<String> asked = []
    /** The prompt of each confirm, in order ('' when it had none). */
    final List<String> prompts = []

    boolean interactive() { true }

    boolean confirm(String text) {
        asked << text
        confirms
    }

    boolean typeWord(String word, String prompt) {
        asked << word
        prompts << prompt
        typesTheWord
    }

    String source() { 'operator' }
}
