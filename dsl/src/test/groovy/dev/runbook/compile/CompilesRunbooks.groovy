package dev.runbook.compile

import dev.runbook.diag.RunbookProblemsException
import dev.runbook.model.Runbook

/** Compiles runbook text as the file {@code rb.groovy}; the text may be indented like the spec around it. */
trait CompilesRunbooks {
    String getFile() { 'rb.groovy' }

    Runbook compile(String source) {
        new RunbookCompiler().compile(source.stripIndent(true), file)
    }

    /** The problems of a runbook that must not compile, as the user sees them: file:line:col: message — hint. */
    List<String> problemsOf(String source) {
        try {
            compile(source)
        } catch (RunbookProblemsException e) {
            return e.problems()*.toString()
        }
        throw new AssertionError('expected the runbook to be rejected, but it compiled')
    }
}
