package dev.runbook.engine

/** An operator at a terminal whose answers a test decides in advance; it remembers what it was asked. */
class ScriptedOperator implements Operator {
    boolean confirms = true
    boolean typesTheWord = true
    final List<String> asked = []

    boolean interactive() { true }

    boolean confirm(String text) {
        asked << text
        confirms
    }

    boolean typeWord(String word, String prompt) {
        asked << word
        typesTheWord
    }

    String source() { 'operator' }
}
