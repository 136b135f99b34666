package dev.runbook.compile

import dev.runbook.engine.Outcome
import dev.runbook.engine.RunbookRunner
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * A runbook with many steps has its closures' meta classes made on a second thread while the script declares the
 * steps ({@link ClosureMetaClasses}). Whatever order the two threads reach each class in, every step must keep
 * its own body, nested closures included.
 */
class ClosureMetaClassesSpec extends Specification {
    @TempDir Path tmp

    def "a runbook of #n steps, read while a second thread makes its closures' meta classes, runs each step's own body"() {
        given: 'steps whose bodies, handlers and nested closures each say which step they are'
        def text = "runbook('many') {\n" + (1..n).collect { i ->
            "    step('Step $i') { [1].each { log \"body $i\" }; onFailure { log 'handler $i' } }"
        }.join('\n') + "\n}"

        when:
        def run = new RunbookRunner(tmp).run(text)

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        (1..n).every { i -> run.logs("Step $i") == ["body $i"] }

        where:
        n << [3, 40, 200]
    }
}
