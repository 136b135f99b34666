package dev.runbook.cli.importer

import dev.runbook.lang.GroovyText
import spock.lang.Specification

/**
 * The Groovy literals the importer writes mean exactly the page's text, whatever it holds: evaluated by Groovy,
 * each gives back the text it was made from, and no {@code $} in it is ever interpolated.
 */
class ImportGroovyTextSpec extends Specification {
    def "a literal evaluates to exactly its text: #what"() {
        when:
        def literal = GroovyText.literal(text)

        then:
        new GroovyShell(new Binding([params: [x: 'INTERPOLATED']])).evaluate(literal) == text

        where:
        what                          | text
        'plain'                       | 'docker compose ps'
        'a quote'                     | "jq '.version'"
        'a quote and a dollar'        | "echo '\$HOME'"
        'a GString expression'        | 'echo ${params.x} $params'
        'three quotes'                | "echo \"a ''' b\""
        'four quotes at the end'      | "echo ''''"
        'a quote at the end'          | "echo it'"
        'backslashes'                 | 'psql -c "\\dt" \\\\ end\\'
        'a unicode escape'            | 'echo \\u0027 \\u000a'
        'lines and a continuation'    | 'curl -X POST https://x \\\n  -d \'{"a": 1}\'\n'
        'starts with a newline'       | '\nfirst line empty'
        'a tab and control characters'| 'a\tb\u0001c\u007f\u2028d'
        'a double quote and a quote'  | 'say "it\'s"'
    }

    def "a comment stays one line, and a backslash-u in it stays text"() {
        when:
        def source = "// ${GroovyText.comment('line one\nline two \\u000a x = 1')}\n'ok'"

        then:
        source.readLines().size() == 2
        new GroovyShell().evaluate(source) == 'ok'
    }
}
