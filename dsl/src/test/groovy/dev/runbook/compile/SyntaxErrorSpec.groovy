package dev.runbook.compile

import dev.runbook.diag.RunbookProblemsException
import spock.lang.Specification

class SyntaxErrorSpec extends Specification implements CompilesRunbooks {

    def "an unclosed brace is reported where the file ends"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('a') {
                    sh 'true'

            }
            ''') == ['rb.groovy:6:1: the file ends before every { is closed — add the missing } (count the braces of the block above)']
    }

    def "a brace that closes nothing is reported at that brace"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('a') { sh 'true' }
            }}
            ''') == ['rb.groovy:3:2: this } closes nothing — remove it, or add the { it belongs to']
    }

    def "an unclosed parenthesis is reported at the parenthesis, not at the end of the file"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('a') { sh 'true' }
                step('b' { sh "echo ${x}" }
            }
            ''') == ['rb.groovy:3:9: this ( is never closed — add the missing ) before the } on line 4']
    }

    def "an unclosed string is reported at its opening quote"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('a') { sh 'true }
            }
            ''') == ["rb.groovy:2:20: this string is never closed — end it with the same quote on this line, or use ''' ... ''' for text over several lines"]
    }

    def "a stray character is reported at its exact column"() {
        expect:
        problemsOf('''\
            runbook('x') {
                step('a') {
                    sh 'true' §
                }
            }
            ''') == ["rb.groovy:3:19: unexpected character: '§' — check for an unclosed brace, bracket or quote just before this point"]
    }

    def "a syntax error is reported as a list of problems, without a stack trace"() {
        when:
        new RunbookCompiler().compile("runbook('x') {\n    step('a') {\n", 'broken.groovy')

        then:
        def e = thrown(RunbookProblemsException)
        e.message == 'broken.groovy:3:1: the file ends before every { is closed — add the missing } (count the braces of the block above)'
        e.stackTrace.length == 0
        e.cause == null
        !e.message.contains('\tat ')
        !e.message.contains('org.codehaus')
    }

    def "brackets inside strings and GStrings are not counted"() {
        expect:
        compile('''\
            runbook('x') {
                step('a') { sh "echo '{' ${[1, 2].sum()} '(' " }
                step('b') { sh 'echo }}' }
            }
            ''').steps()*.name() == ['a', 'b']
    }
}
