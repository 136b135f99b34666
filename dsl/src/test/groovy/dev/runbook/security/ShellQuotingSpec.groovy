package dev.runbook.security

import dev.runbook.engine.Outcome
import dev.runbook.engine.RunbookRunner
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * A value interpolated into {@code sh} is data, never shell code: each hostile value below reaches a real bash in
 * every quoting context an author writes (bare, inside their '…', inside their "…", inside "$(…)", in a
 * here-document, in a comment), comes out byte for byte as it went in, and runs nothing. The canary file is the
 * proof: every value tries to create it.
 */
class ShellQuotingSpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    /** Values that try to break out of each context; CANARY is replaced by the path of the file they try to create. */
    static final List<String> HOSTILE = [
            'v1; touch CANARY',
            'v1 && touch CANARY',
            'v1 || touch CANARY',
            'v1 | tee CANARY',
            'v1 > CANARY',
            '$(touch CANARY)',
            '`touch CANARY`',
            "x'; touch CANARY; echo '",
            "x' ; touch CANARY ; '",
            'x"; touch CANARY; echo "',
            'x" ; touch CANARY ; "',
            'x\\"; touch CANARY; echo \\"',
            'x\\',
            '\\',
            "'",
            '"',
            '$HOME',
            '${HOME}',
            '$((1+1))',
            '!!',
            '* ?',
            '~',
            '#; touch CANARY',
            'v1\ntouch CANARY',
            'v1\r\ntouch CANARY',
            "\$'\\x3b' touch CANARY",
            '\'"$(touch CANARY)"\'',
            'a\tb  c',
            '   ',
            '',
            '-n',
            'EOF\ntouch CANARY\nEOF',
            ') ; touch CANARY ; (',
            '` ; touch CANARY ; `',
            'ünïcødé ✓',
    ]

    def "a hostile value comes out as it went in, in every quoting context, and runs nothing: #shown"() {
        given:
        Path canary = tmp.resolve('pwned')
        String value = hostile.replace('CANARY', canary.toString())
        Path out = Files.createDirectories(tmp.resolve('out'))

        when:
        def run = runner.run('''
            runbook('quoting') {
                param 'v'
                param 'out'
                step('bare')    { sh "printf '%s' ${params.v} > ${params.out}/bare" }
                step('single')  { sh "printf '%s' '${params.v}' > ${params.out}/single" }
                step('double')  { sh "printf '%s' \\"${params.v}\\" > ${params.out}/double" }
                step('subst')   { sh "x=\\"\\$(printf '%s' ${params.v})\\"; printf '%s' \\"\\$x\\" > ${params.out}/subst" }
                step('comment') { sh "true # ${params.v}\\nprintf ok > ${params.out}/comment" }
            }
        ''', [v: value, out: out.toString()])

        then: 'nothing the value said ran'
        !Files.exists(canary)

        and: 'the value arrived whole wherever a word keeps it whole'
        run.result.outcome() == Outcome.SUCCEEDED
        Files.readString(out.resolve('single')) == value
        Files.readString(out.resolve('double')) == value
        Files.readString(out.resolve('bare')) == value
        // $(…) drops trailing newlines, as bash always does
        Files.readString(out.resolve('subst')) == value.replaceAll(/\n+$/, '')
        Files.readString(out.resolve('comment')) == 'ok'

        where:
        hostile << HOSTILE
        shown = hostile.replace('\n', '\\n').replace('\r', '\\r').replace('\t', '\\t')
    }

    def "a value in a here-document is data there too; one with a line break is refused before anything runs"() {
        given:
        Path canary = tmp.resolve('pwned')
        Path out = Files.createDirectories(tmp.resolve('out'))

        when:
        def run = runner.run('''
            runbook('heredoc') {
                param 'v'
                param 'out'
                step('expands') { sh "cat > ${params.out}/expands <<EOF\\n${params.v}\\nEOF\\ncat > ${params.out}/literal <<'END'\\n${params.v}\\nEND" }
            }
        ''', [v: value.replace('CANARY', canary.toString()), out: out.toString()])

        then:
        !Files.exists(canary)
        run.result.outcome() == expected
        if (expected == Outcome.SUCCEEDED) {
            assert Files.readString(out.resolve('expands')) == value.replace('CANARY', canary.toString()) + '\n'
            assert Files.readString(out.resolve('literal')) == value.replace('CANARY', canary.toString()) + '\n'
        } else {
            assert run.result.failure().message.contains('here-document')
            assert run.events('command.started').isEmpty()
        }

        where:
        value                       | expected
        '$(touch CANARY)'           | Outcome.SUCCEEDED
        '`touch CANARY` \\ $HOME'   | Outcome.SUCCEEDED
        'EOF\ntouch CANARY\nEOF'    | Outcome.FAILED
    }

    def "the journal and console show the command as it ran: values quoted, plain ones as written"() {
        when:
        def run = runner.run('''
            runbook('shown') {
                param 'version'
                param 'note'
                step('Deploy') { sh "echo deploying ${params.version} ${params.note}" }
            }
        ''', [version: 'v1.2.3', note: "it's ok; really"])

        then:
        run.event('command.started').str('command') == "echo deploying v1.2.3 'it'\\''s ok; really'"
        run.output('Deploy') == ["deploying v1.2.3 it's ok; really"]
        run.console.contains("echo deploying v1.2.3 'it'\\''s ok; really'")
    }

    def "a list becomes one word per element; raw() inserts shell text as it is"() {
        when:
        def run = runner.run('''
            runbook('words') {
                step('List') { sh "printf '<%s>' ${['a b', 'c;d', '']}" }
                step('Raw')  { sh "printf '<%s>' x ${raw('| tr x y')}" }
            }
        ''')

        then:
        run.output('List') == ['<a b><c;d><>']
        run.output('Raw') == ['<y>']
    }

    def "sh with a list runs the words as they are, with no shell syntax"() {
        given:
        Path canary = tmp.resolve('pwned')

        when:
        def run = runner.run("""
            runbook('argv') {
                step('Argv') { sh(['printf', '<%s>', 'a b', '\$(touch ${canary})', ';', '*']) }
            }
        """)

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        run.output('Argv') == ["<a b><\$(touch ${canary})><;><*>".toString()]
        !Files.exists(canary)
    }

    def "sh with an empty list says what to write"() {
        when:
        def run = runner.run('''
            runbook('argv') {
                step('Argv') { sh([]) }
            }
        ''')

        then:
        run.result.outcome() == Outcome.FAILED
        run.result.failure().message ==~ /x\.groovy:3:\d+: sh\(\[\.\.\.\]\) needs at least the program — write sh\(\['pg_dump', '-d', db\]\)/
    }

    def "a secret reaches the command through its environment: never on its command line, in the journal or on the console"() {
        given:
        runner.environment = [DB_PASSWORD: "s3cr3t-'pw' \$x"]
        Path seen = tmp.resolve('cmdline')

        when: 'the command records its own command line while it runs'
        def run = runner.run("""
            runbook('secret') {
                secret 'DB_PASSWORD'
                step('Use') {
                    sh "printf '%s' \${secrets.DB_PASSWORD} > ${tmp}/bare; printf '%s' '\${secrets.DB_PASSWORD}' > ${tmp}/single; tr '\\\\0' ' ' < /proc/\\\$\\\$/cmdline > ${seen}"
                }
            }
        """)

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        Files.readString(tmp.resolve('bare')) == "s3cr3t-'pw' \$x"
        Files.readString(tmp.resolve('single')) == "s3cr3t-'pw' \$x"
        !Files.readString(seen).contains('s3cr3t')
        Files.readString(seen).contains('RUNBOOK_SECRET_DB_PASSWORD')
        !run.journalText.contains('s3cr3t')
        !run.console.contains('s3cr3t')
    }
}
