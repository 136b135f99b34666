package dev.runbook.repl

import org.jline.reader.Candidate
import org.jline.reader.CompletingParsedLine
import org.jline.reader.Parser
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Issue 21 item 7: Tab in a Groovy line, through the REPL's own parser and completer as JLine calls them: inside
 * steps[" and steps[', after steps['x']. and after a variable the operator defined. What the candidate inserts is
 * what the line gets (the parser's escape is applied as JLine applies it).
 */
class ReplCompletionSpec extends Specification {
    @TempDir
    Path dir

    @AutoCleanup
    ReplHarness repl

    def setup() {
        def runbook = dir.resolve('gated.groovy')
        Files.writeString(runbook, '''\
            runbook('gated') {
                step('Drain') { sh 'echo drained' }
                gate('gate health') { true }
                step('Deploy') { log 'deployed' }
            }
            '''.stripIndent())
        repl = new ReplHarness(dir)
        repl.start().type("load ${runbook}")
        assert repl.waitFor('Loaded gated')
    }

    def "inside steps[\" and steps[' Tab offers the step names and closes the quote and the bracket"() {
        expect:
        inserted('steps["ga') == ['steps["gate health"]']
        inserted("steps['D") == ["steps['Deploy']", "steps['Drain']"]
        inserted("def out = steps['Dr") == ["steps['Drain']"]
    }

    def "after steps['x']. Tab offers the result's fields"() {
        expect:
        inserted("steps['Drain'].st") == ["steps['Drain'].status", "steps['Drain'].stdout"]
        inserted("steps['Drain'].").containsAll(["steps['Drain'].exitCode", "steps['Drain'].error", "steps['Drain'].ok"])
    }

    def "after a variable the operator defined Tab offers its value's fields"() {
        when:
        repl.type('next', "r = steps['Drain']", 'm = [alpha: 1, beta: 2]', 'println "set"')

        then:
        repl.waitFor('set')
        inserted('r.st') == ['r.status', 'r.stdout']
        inserted('m.') == ['m.alpha', 'm.beta']
        inserted('r') .contains('r')
    }

    def "a command's step name still completes as before"() {
        expect:
        inserted('break ga') == ['gate\\ health']
    }

    /** The text each candidate puts in place of the word at the cursor, as JLine does it. */
    List<String> inserted(String line) {
        def reader = repl.repl.reader()
        def parsed = reader.parser.parse(line, line.length(), Parser.ParseContext.COMPLETE)
        List<Candidate> candidates = []
        reader.completer.complete(reader, parsed, candidates)
        String word = parsed.word().substring(0, parsed.wordCursor())
        candidates.findAll { it.value().startsWith(word) }
                .collect { parsed instanceof CompletingParsedLine ? parsed.escape(it.value(), it.complete()).toString() : it.value() }
                .sort()
    }
}
