package dev.runbook.cli

import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.control.MultipleCompilationErrorsException
import org.codehaus.groovy.control.Phases

/**
 * Parses Groovy text without resolving its classes: for files (specs, IDE descriptors) whose classes are not on
 * this test's class path, but whose syntax must be right.
 */
class GroovySyntax {
    /** The syntax errors of {@code text}; empty when it parses. */
    static List<String> problems(String text, String name = 'Checked.groovy') {
        def unit = new CompilationUnit(new CompilerConfiguration())
        unit.addSource(name, text)
        try {
            unit.compile(Phases.CONVERSION)
            return []
        } catch (MultipleCompilationErrorsException e) {
            return e.errorCollector.errors.collect { it.toString() }
        }
    }
}
