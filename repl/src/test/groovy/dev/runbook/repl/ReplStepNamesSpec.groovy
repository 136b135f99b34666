package dev.runbook.repl

import org.jline.reader.Candidate
import org.jline.reader.Parser
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Issue 21, item 7: a step name as Tab inserts it (spaces escaped) or typed in quotes names the step. */
class ReplStepNamesSpec extends Specification {
    @TempDir
    Path dir

    @AutoCleanup
    ReplHarness repl

    def "break takes a step name with escaped spaces, as Tab completes it, and one in quotes"() {
        given:
        def runbook = dir.resolve('names.groovy')
        Files.writeString(runbook, "runbook('names') {\n step('gate health') { log 'g' }\n step('Roll back') { log 'r' }\n}\n")
        repl = new ReplHarness(dir)

        when:
        repl.start().type("load ${runbook}", 'break gate\\ health', 'break "Roll back"', "break 'gate health'")

        then:
        repl.waitFor("break before 'gate health' removed")
        repl.shown.contains("break before 'gate health': run stops there")
        repl.shown.contains("break before 'Roll back': run stops there")
        !repl.shown.contains('no step')

        when: 'what Tab offers for it'
        def reader = repl.repl.reader()
        List<Candidate> candidates = []
        reader.completer.complete(reader, reader.parser.parse('break ga', 8, Parser.ParseContext.COMPLETE), candidates)

        then:
        candidates*.value().contains('gate health')
    }
}
