package dev.runbook.repl

import org.jline.utils.AttributedString
import org.jline.utils.AttributedStyle
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/** What the REPL's reader colours as a line is typed (its highlighter, as the prompt uses it). */
class GroovyHighlighterSpec extends Specification {
    static final AttributedStyle PLAIN = AttributedStyle.DEFAULT
    static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE)
    static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)
    static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN)
    static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.faint()
    static final AttributedStyle COMMAND = AttributedStyle.BOLD

    @TempDir
    Path dir

    @AutoCleanup
    ReplHarness repl

    def setup() {
        repl = new ReplHarness(dir)
    }

    def "Groovy is coloured as it is typed: keywords, strings, numbers and comments; names stay plain"() {
        given:
        def line = "def answer = 'forty' + 2.5 // the answer"
        def shown = highlight(line)

        expect: 'the text itself is unchanged'
        shown.toString() == line

        and:
        styleOf(shown, line, 'def') == KEYWORD
        styleOf(shown, line, 'answer') == PLAIN
        styleOf(shown, line, "'forty'") == STRING
        styleOf(shown, line, '2.5') == NUMBER
        styleOf(shown, line, '// the answer') == COMMENT
    }

    def "a keyword or a number inside a string is part of the string"() {
        given:
        def line = 'println "if 3 hosts fail, return"'
        def shown = highlight(line)

        expect:
        styleOf(shown, line, '"if 3 hosts fail, return"') == STRING
        styleOf(shown, line, 'println') == PLAIN
    }

    def "a REPL command is bold and its arguments are not read as Groovy"() {
        given:
        def line = "goto 2 if 'Roll back'"
        def shown = highlight(line)

        expect:
        styleOf(shown, line, 'goto') == COMMAND
        styleOf(shown, line, "2 if 'Roll back'") == PLAIN
    }

    def "an unclosed string is coloured up to the end of what is typed"() {
        given:
        def line = "sh 'kubectl rollout"
        def shown = highlight(line)

        expect:
        styleOf(shown, line, "'kubectl rollout") == STRING
    }

    /** As the REPL's reader colours a line when its output is coloured (the harness's is not: see ReplLinesSpec). */
    private AttributedString highlight(String line) {
        def reader = repl.repl.reader()
        new GroovyHighlighter(repl.repl.@commands.subcommands.keySet(), true).highlight(reader, line)
    }

    /** The style of {@code part} of the line; fails when its characters are not all in one style. */
    private static AttributedStyle styleOf(AttributedString shown, String line, String part) {
        int start = line.indexOf(part)
        assert start >= 0
        def styles = (start..<start + part.length()).collect { shown.styleAt(it) }.unique()
        assert styles.size() == 1: "'${part}' is not in one style: ${shown.toAnsi()}"
        styles[0]
    }
}
